import type pg from 'pg';
import { parseDocument } from 'yaml';
import { PATHS } from '../../contract/kodex.js';
import type { StandConfig } from '../config.js';
import { SEED } from '../config.js';
import { writeKubeconfig } from '../kube/kubeconfig-file.js';
import { createGateRole } from './db-role.js';
import { startPublicIngress } from './ingress.js';
import { runbookServicesYaml } from './runbook.js';
import { applyRunnerRbac, RUNNER_USER } from './runner-rbac.js';
import { attachRepository, SANDBOX, seedSandbox } from './sandbox.js';
import { labelConflictDelivery, OTHER_TENANT, seedOtherTenant, startTenantTraffic } from './tenants.js';

/** The files the GitHub stand-in serves for the staging sandbox: its services.yaml (runbook step 2). */
export function sandboxFiles(root: string): Record<string, Record<string, string>> {
  const { text, project } = runbookServicesYaml(root);
  const tenant = parseDocument(text);
  tenant.setIn(['spec', 'project'], OTHER_TENANT.project.slug);
  return {
    [`${SANDBOX.repo.owner}/${project}`]: { 'services.yaml': text },
    [`${OTHER_TENANT.repo.owner}/${OTHER_TENANT.repo.name}`]: { 'services.yaml': tenant.toString() },
  };
}

interface Booted {
  cfg: StandConfig;
  pool: pg.Pool;
  databaseUrl: string;
  kubeUrl: string;
  githubUrl: string;
  gatewayUrl: string;
  stops: (() => Promise<unknown>)[];
  log: (m: string) => void;
  setWebhookBase: (url: string) => void;
}

/**
 * The runbook's staging, enacted on the stand after it booted: the sandbox project (steps 2, 3), the gate's database
 * role (step 4), the runner's RBAC (step 5), oauth2-proxy's public ingress, another tenant at work
 * (its own runs while the gate runs, and a label-conflict delivery). Returns
 * the suite's environment in the runbook's shape (.env.example): only GATE_* variables the runbook names.
 */
export async function enactStaging(b: Booted): Promise<Record<string, string>> {
  const { cfg, pool } = b;
  const s = cfg.secrets;
  const { project } = runbookServicesYaml(cfg.root);
  const { projectId, fullName } = await seedSandbox(pool, project);
  const production = cfg.profile === 'production';
  const role = await createGateRole(pool, b.databaseUrl, cfg.root, s.databasePassword, production);
  await applyRunnerRbac(cfg.root, b.kubeUrl, s.kubeToken, production);
  await writeKubeconfig(cfg.kubeconfigFile, b.kubeUrl, s.kubeToken, 'kodex-stand', RUNNER_USER);
  const ingress = await startPublicIngress(b.gatewayUrl, cfg.host);
  b.stops.push(() => ingress.close());
  // KODEX_GITHUB_WEBHOOK_URL: GitHub reaches the platform through its public ingress.
  b.setWebhookBase(ingress.url);
  await attachRepository(b.gatewayUrl, projectId, { owner: SANDBOX.repo.owner, name: project }, s.githubToken);
  await labelConflictDelivery(ingress.url, s.webhookSecret);
  await seedOtherTenant(pool, b.gatewayUrl, s.githubToken);
  if (cfg.tenantEveryMs > 0) b.stops.push(startTenantTraffic(ingress.url, s.webhookSecret, cfg.tenantEveryMs, b.log));
  const kubePort = new URL(b.kubeUrl).port;
  b.log(
    `${cfg.profile.padEnd(12)} sandbox ${fullName}, role ${role.role}, runner ${RUNNER_USER}, Job TTL ${cfg.jobTtlSeconds} s`,
  );
  b.log(`public       ${ingress.url}/  (oauth2-proxy stand-in; the webhook passes)`);
  return {
    GATE_TARGET: production ? 'production' : 'staging',
    GATE_BASE_URL: b.gatewayUrl,
    GATE_PUBLIC_URL: ingress.url,
    GATE_PLATFORM_WEBHOOK_URL: `${ingress.url}${PATHS.webhook}`,
    // 127.0.0.2 stands for the public interface: the cluster API listens on 127.0.0.1 only.
    GATE_KUBE_PUBLIC_ENDPOINTS: `127.0.0.2:${kubePort}`,
    // Production fires no webhooks: the gate there holds no secret that could start a run.
    ...(production ? {} : { GATE_WEBHOOK_SECRET: s.webhookSecret }),
    GATE_DATABASE_URL: role.url,
    KUBECONFIG: cfg.kubeconfigFile,
    GATE_KUBE_CONTEXT: 'kodex-stand',
    GATE_STAFF_AUTH: 'header',
    GATE_STAFF_EMAIL: SEED.owner.email,
    GATE_REPO: fullName,
    GATE_SENDER_LOGIN: SANDBOX.sender.login,
    GATE_GITHUB_API_URL: b.githubUrl,
    GATE_GITHUB_TOKEN: s.githubToken,
    GATE_WORKER_JOB_TTL_SECONDS: String(cfg.jobTtlSeconds),
    // The stand's pace (its workers tick when woken, its agent runs in a second), not kodex's.
    GATE_RUN_TIMEOUT_MS: '30000',
    GATE_ABSENCE_WINDOW_MS: '1500',
  };
}
