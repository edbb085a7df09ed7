import { test, expect } from '@playwright/test';
import * as fromPackage from '@kubernetes/client-node';
import { buildKubeClientBundle, loadKubeClient } from '../../helpers/clients/kube-package.mjs';

/** The Kubernetes client the suite loads (helpers/clients/kube-package.mjs): the package's own code, from one file. */
test('kube client bundle: the package, whole, loaded from its bundle; the package itself when there is none', async () => {
  const file = await buildKubeClientBundle();
  expect(await buildKubeClientBundle(), 'a built bundle is reused, not rebuilt under another name').toBe(file);
  const bundled = await loadKubeClient();
  expect(Object.keys(bundled).sort(), 'the bundle exports what the package exports').toEqual(
    Object.keys(fromPackage).sort(),
  );
  expect(bundled.KubeConfig, 'the bundle is what loads when it is built').not.toBe(fromPackage.KubeConfig);
  const kc = new bundled.KubeConfig();
  kc.loadFromString(
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]\n' +
      'users: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
  );
  expect(kc.getCurrentCluster()?.server, 'the bundled client reads a kubeconfig').toBe('https://127.0.0.1:6443');
  expect(
    (await loadKubeClient('/nonexistent/kubernetes-client-node.mjs')).KubeConfig,
    'without a bundle, the package itself loads',
  ).toBe(fromPackage.KubeConfig);
});
