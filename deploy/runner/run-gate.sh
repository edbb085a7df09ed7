#!/bin/sh
# The suite image's entrypoint inside the cluster: a kubeconfig from the pod's ServiceAccount, the @critical
# run, then the verdict, the regression report and the single-file Allure report printed to the log as one
# base64 tar.gz between two marker lines (a finished Job keeps its log; runbook/staging-setup.md step 7).
set -u
SA=/var/run/secrets/kubernetes.io/serviceaccount
export KUBECONFIG="${KUBECONFIG:-/tmp/kodex-gate/kubeconfig}" GATE_KUBE_CONTEXT="${GATE_KUBE_CONTEXT:-in-cluster}"
mkdir -p "$(dirname "$KUBECONFIG")"
umask 077
cat > "$KUBECONFIG" <<KUBECONFIG_EOF
apiVersion: v1
kind: Config
clusters:
- name: in-cluster
  cluster:
    server: https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}
    certificate-authority: ${SA}/ca.crt
users:
- name: in-cluster
  user:
    tokenFile: ${SA}/token      # kubectl's key
    token-file: ${SA}/token     # @kubernetes/client-node's key; both re-read the rotated token
contexts:
- name: in-cluster
  context:
    cluster: in-cluster
    user: in-cluster
    namespace: kodex-gate
current-context: in-cluster
KUBECONFIG_EOF

# Production runs only @readonly tests (a CLI --grep would replace playwright.config.ts's own filter).
if [ "${GATE_TARGET:-}" = production ]; then grep=@readonly; else grep="${GATE_GREP:-@critical}"; fi
npx playwright test --grep "$grep"
status=$?
npm run --silent report >/dev/null 2>&1 || echo "kodex-gate: the Allure report could not be built" >&2

out=$(mktemp -d)
for f in gate-report/verdict.json gate-report/regression-report.md allure-report/index.html; do
  [ -f "$f" ] && cp "$f" "$out/"
done
echo "--- kodex-gate artifacts (tar.gz, base64) begin ---"
tar czf - -C "$out" . | base64
echo "--- kodex-gate artifacts end ---"
exit $status
