/**
 * The node flags the unit runs the box with: `npm start`'s (scripts/lib/box-process.ts
 * BUILT_NODE_FLAGS, docs/benchmarks.md) and an old-space cap for a Raspberry Pi. The dinner-service
 * bench (scripts/bench/dinner-service.ts) starts the box from the unit itself, so its RSS figure is
 * this configuration's.
 */
export const UNIT_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20', '--max-old-space-size=192'];

/** What the systemd unit needs to know about this box's installation. */
export interface UnitOptions {
  /** The Brigade checkout (holds package.json and node_modules). */
  appDir: string;
  /** Absolute path of the node binary. */
  node: string;
  dataDir: string;
  user: string;
  port: number;
  /** Optional settings file (KEY=value lines: CLOUD_URL, METRICS_TOKEN…); the leading '-' in the unit makes it optional. */
  envFile: string;
}

/**
 * The systemd unit for the box (`npm run cli -- install`). A dedicated system user; restarted
 * whatever happens; logs to the journal (pino's JSON lines on stdout); the file system read-only
 * except the data dir (database, backups, pid file), a private /tmp, no privilege gain. Devices
 * stay visible: a USB receipt printer is /dev/usb/lp0.
 */
export function systemdUnit(o: UnitOptions): string {
  return `[Unit]
Description=Brigade restaurant box (orders, kitchen, printing; syncs to the cloud)
Documentation=file://${o.appDir}/README.md
After=network-online.target
Wants=network-online.target
StartLimitIntervalSec=0

[Service]
Type=simple
User=${o.user}
Group=${o.user}
WorkingDirectory=${o.appDir}
Environment=NODE_ENV=production
Environment=DATA_DIR=${o.dataDir}
Environment=PORT=${o.port}
EnvironmentFile=-${o.envFile}
# The compiled box with the memory settings of \`npm start\` (docs/benchmarks.md, memory): node directly, no npm in front.
# The old-space cap bounds the heap on a 1-2 GB Raspberry Pi (a leak becomes a restart, not a swapping box); the live heap is 30-50 MB.
Environment=MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
ExecStart=${o.node} ${UNIT_NODE_FLAGS.join(' ')} ${o.appDir}/dist/src/main.js
Restart=always
RestartSec=2
TimeoutStopSec=20
KillSignal=SIGTERM
StandardOutput=journal
StandardError=journal
SyslogIdentifier=brigade
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=read-only
ReadWritePaths=${o.dataDir}
PrivateTmp=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectControlGroups=true
RestrictSUIDSGID=true
LockPersonality=true

[Install]
WantedBy=multi-user.target
`;
}

/** The shell commands that finish an install (run as root), in order. */
export function installSteps(o: UnitOptions, unitPath: string): string[] {
  return [
    `(cd ${o.appDir} && npm run build)   # the compiled box the unit runs (dist/); again after every update`,
    `useradd --system --home-dir ${o.dataDir} --shell /usr/sbin/nologin ${o.user}   # once`,
    `install -d -o ${o.user} -g ${o.user} -m 0750 ${o.dataDir}`,
    `install -d -m 0755 ${o.envFile.slice(0, o.envFile.lastIndexOf('/'))}   # settings (CLOUD_URL, METRICS_TOKEN…) go in ${o.envFile}`,
    'systemctl daemon-reload',
    `systemctl enable --now ${unitPath.slice(unitPath.lastIndexOf('/') + 1)}`,
    `journalctl -u ${unitPath.slice(unitPath.lastIndexOf('/') + 1, -'.service'.length)} -f   # its log`,
  ];
}
