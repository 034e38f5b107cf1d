#!/bin/sh
# Creates, once, the secrets deploy/compose.yaml needs, beside it (docs/operations.md):
#   .env                    PERCEIVE_SURVEY_KEY (both instances sign survey links with it) and
#                           PERCEIVE_GRAFANA_TOKEN (Grafana's datasource token: viewer, manager)
#   secrets/tokens.yaml     Perceive's tokens file: only the SHA-256 of each token
#   secrets/metrics.token   the token Prometheus scrapes /metrics with (role metrics)
# and prints the ingest token for the ITSM once. Needs openssl and sha256sum. Refuses to
# overwrite what exists: delete .env and secrets/ to start again (every token changes).
set -eu
cd "$(dirname "$0")"
if [ -e .env ] || [ -e secrets ]; then
  echo "init-secrets: deploy/.env or deploy/secrets/ exists already; delete both to create new secrets" >&2
  exit 1
fi
umask 077
# Same shape as 'perceive token': "pcv_" and 32 random bytes, base64url without padding.
token() { printf 'pcv_%s' "$(openssl rand 32 | openssl base64 -A | tr '+/' '-_' | tr -d '=')"; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

grafana=$(token)
metrics=$(token)
ingest=$(token)
mkdir secrets
cat > secrets/tokens.yaml <<YAML
tokens:
  - name: grafana
    sha256: $(sha256 "$grafana")
    roles: [viewer, manager]
  - name: prometheus
    sha256: $(sha256 "$metrics")
    roles: [metrics]
  - name: itsm
    sha256: $(sha256 "$ingest")
    roles: [ingest]
YAML
printf '%s' "$metrics" > secrets/metrics.token
cat > .env <<ENV
PERCEIVE_SURVEY_KEY=$(openssl rand -base64 32)
PERCEIVE_GRAFANA_TOKEN=$grafana
ENV
# The containers read the secrets as their own users (Perceive's non-root user, Prometheus's
# nobody); the directory itself stays private to this account.
chmod 644 secrets/tokens.yaml secrets/metrics.token
echo "init-secrets: wrote deploy/.env, deploy/secrets/tokens.yaml and deploy/secrets/metrics.token"
echo "ITSM token (role ingest; shown only now, give it to the ITSM's outbound rule): $ingest"
