// The packaging config, checked offline with electron-builder's own loader and schema (packaging itself needs the internet).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import { type Configuration } from 'app-builder-lib';

const root = path.resolve(import.meta.dirname, '../../..');
const load = (): Promise<Configuration> => getConfig(root, path.join(root, 'build/electron-builder.yml'), null);

type Target = { target: string; arch: string[] };

describe('electron-builder configuration', () => {
  it('passes electron-builder schema validation', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects a config with an unknown option (the check can fail)', async () => {
    const config = { ...(await load()), notAnOption: true } as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('names the app and packs only dist/ into an asar', async () => {
    const config = await load();
    expect(config.appId).toBe('cn.gov.hebei.kjt.linkdesk');
    expect(config.productName).toBe('科技联动工作台');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual([
      {
        filter: [
          'package.json',
          'dist/electron/main.cjs',
          'dist/electron/preload.cjs',
          'dist/renderer/**/*',
          '!**/*.map',
          '!node_modules/**/*',
        ],
      },
    ]);
  });

  it('flips the Electron fuses', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds NSIS for Windows and deb + AppImage for Linux, on x64 and arm64', async () => {
    const config = await load();
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    const linux = config.linux?.target as Target[];
    expect(linux.map((t) => t.target)).toEqual(['deb', 'AppImage']);
    for (const t of linux) expect(t.arch).toEqual(['x64', 'arm64']);
  });

  it('reads updates from the provincial server feed at /updates/', async () => {
    expect((await load()).publish).toEqual([
      { provider: 'generic', url: '${env.LINKDESK_SERVER_URL}/updates/', channel: 'latest' },
    ]);
  });
});
