#!/usr/bin/env bash
# Quarry launcher for the dist/ tree: finds a Java >= 21 and runs the node with lib/ on the class path and
# plugins/ as a plugin directory. Environment: JAVA_HOME, JAVA_OPTS, QUARRY_CONFIG.
set -euo pipefail
