// An ESLint rule for the suite's layers (docs/architecture.md): a file imports only its own folder, the
// folders below it and contract/. Relative imports are resolved, so `../checks/x.js` and
// `../../helpers/checks/x.js` are the same folder to it.
import path from 'node:path';

/** Each layer, a folder, with the folders it is built from (contract/ and packages are open to all). */
const LAYERS = {
  contract: [],
  'helpers/runner': [],
  'helpers/clients': ['helpers/runner'],
  'helpers/checks': ['helpers/clients', 'helpers/runner'],
  pages: [],
  fixtures: ['helpers/checks', 'helpers/clients', 'helpers/runner', 'pages'],
};
/** Every folder of the suite a layer could reach into. */
const FOLDERS = [...Object.keys(LAYERS), 'reporters', 'scripts', 'tests'];

const folderOf = (rel) => FOLDERS.find((f) => rel === f || rel.startsWith(`${f}/`));

export const layersPlugin = {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [], docs: { description: 'each layer imports only the layers below it' } },
      create(context) {
        const root = context.cwd;
        const own = folderOf(path.relative(root, context.filename).split(path.sep).join('/'));
        if (!own || !(own in LAYERS)) return {};
        const allowed = new Set([own, 'contract', ...LAYERS[own]]);
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const target = path.relative(root, path.resolve(path.dirname(context.filename), spec)).split(path.sep);
          const folder = folderOf(target.join('/'));
          if (folder && !allowed.has(folder))
            context.report({
              node: node.source,
              message: `${own}/ does not import ${folder}/: a layer imports only ${[...allowed].join(', ')} (docs/architecture.md).`,
            });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};
