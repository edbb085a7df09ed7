/** A loaded client-node KubeConfig for the API stand-in (the YAML file for kubectl is in kubeconfig-file.ts). */
import { KubeConfig } from '@kubernetes/client-node';

/** A loaded client-node KubeConfig for the stand-in (http or https URL both work). */
export function kubeConfigFor(url: string, token: string, contextName = 'kodex-stand'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: contextName, server: url, skipTLSVerify: true }],
    users: [{ name: contextName, token }],
    contexts: [{ name: contextName, cluster: contextName, user: contextName }],
    currentContext: contextName,
  });
  return kc;
}

export { writeKubeconfig } from './kubeconfig-file.js';
