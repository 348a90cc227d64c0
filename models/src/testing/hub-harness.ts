import { afterEach, beforeAll } from 'vitest';
import { fetchModel, type FetchModelOptions } from '../fetch/fetch-model.js';
import { FIXTURE_MODEL, HubServer, standinHubFixture, type HubServerOptions, type StandinHubFixture } from './hub-server.js';

/** What {@link useHubHarness} gives a test file. */
export interface HubHarness {
  /** The stand-in files the hub serves and the manifest naming them (ready after `beforeAll`). */
  fixture(): StandinHubFixture;
  /** Starts a hub serving the fixture; it is closed after the test. */
  startHub(options?: Partial<HubServerOptions>): Promise<HubServer>;
  /** Stops tracking the current hub (for a test that closed it itself). */
  forgetHub(): void;
  /** Fetches the fixture model from the current hub into `dir` (undefined: the default one): one attempt, no token, no disk check. */
  fetchInto(dir: string | undefined, options?: FetchModelOptions): ReturnType<typeof fetchModel>;
}

/**
 * The local-hub set-up the fetch tests share: registers the vitest hooks that build the fixture
 * once and close each test's hub, and returns the helpers that use them.
 */
export function useHubHarness(): HubHarness {
  let fixture: StandinHubFixture | undefined;
  let hub: HubServer | undefined;
  beforeAll(async () => {
    fixture = await standinHubFixture();
  });
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });
  return {
    fixture: () => fixture!,
    startHub: async (options = {}) => (hub = await HubServer.start({ files: fixture!.files, ...options })),
    forgetHub: () => void (hub = undefined),
    fetchInto: (dir, options = {}) =>
      fetchModel(FIXTURE_MODEL, {
        manifest: fixture!.manifest,
        endpoint: hub?.endpoint ?? 'http://127.0.0.1:1',
        ...(dir === undefined ? {} : { dir }),
        token: '',
        retry: { attempts: 1 },
        freeBytes: false,
        ...options,
      }),
  };
}
