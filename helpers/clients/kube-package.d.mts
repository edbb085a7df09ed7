/** Builds the bundle of @kubernetes/client-node unless it is there; returns its path. */
export declare function buildKubeClientBundle(): Promise<string>;
/** The client from its bundle when one is built for the installed packages (or from `file`), else from the package. */
export declare function loadKubeClient(file?: string): Promise<typeof import('@kubernetes/client-node')>;
