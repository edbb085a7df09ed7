/** The bundle of `source` named `name`, built when its inputs changed since the last build; returns its path. */
export declare function bundleProgram(source: string, name: string): Promise<string>;
