#!/usr/bin/env bash
# Quarry launcher for the dist/ tree: runs the node on the tree's own Java runtime (runtime/, else a Java >= 21
# found on the host) with lib/ on the class path and plugins/ as a plugin directory.
# Environment: JAVA_HOME (used only without runtime/), JAVA_OPTS, QUARRY_CONFIG.
set -euo pipefail
