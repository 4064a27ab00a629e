# shellcheck shell=bash
# Sourced by the scripts that run playbooks against the emulator (tests/e2e/demo.sh, tests/e2e/molecule.sh)
# under tests/e2e/with-emulator.sh: point the HUAWEICLOUD_* variables the modules read at the emulator
# and its credentials, so playbooks connect the way a user's do against the cloud.
: "${CODEARTS_EMULATOR_URL:?run me under tests/e2e/with-emulator.sh}"

export HUAWEICLOUD_CODEARTS_ENDPOINT=$CODEARTS_EMULATOR_URL
export HUAWEICLOUD_SDK_IAM_ENDPOINT=$CODEARTS_EMULATOR_URL
export HUAWEICLOUD_REGION=$CODEARTS_REGION
export HUAWEICLOUD_SDK_AK=$CODEARTS_ACCESS_KEY
export HUAWEICLOUD_SDK_SK=$CODEARTS_SECRET_KEY
export HUAWEICLOUD_SDK_PROJECT_ID=$CODEARTS_IAM_PROJECT_ID
