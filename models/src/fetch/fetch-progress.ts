import type { DownloadedFile } from './download-file.js';
import type { ModelStatus } from './local-state.js';

/**
 * What {@link fetchModel} reports, in order: one `plan`; per file either `present` or `file`,
 * `bytes`… and `file-done`; `notice`s (a retry, a restart, a corrupt file) in between.
 * `doneBytes`/`totalBytes` count the whole model; `receivedBytes` only what came over the network
 * in this run, which is what a speed is made of.
 */
export type FetchProgress =
  | {
      readonly type: 'plan';
      readonly model: string;
      readonly dir: string;
      readonly files: number;
      /** Sum of the sizes known so far; grows when an unknown size is learnt from the server. */
      readonly totalBytes: number;
      /** Bytes already on disk that will not be downloaded again. */
      readonly doneBytes: number;
    }
  | { readonly type: 'present'; readonly target: string; readonly size: number }
  | {
      readonly type: 'file';
      readonly target: string;
      readonly index: number;
      readonly count: number;
      readonly resumeFrom: number;
      readonly size?: number;
    }
  | {
      readonly type: 'bytes';
      readonly target: string;
      readonly doneBytes: number;
      readonly totalBytes: number;
      readonly receivedBytes: number;
    }
  | {
      readonly type: 'file-done';
      readonly target: string;
      readonly size: number;
      readonly sha256: string;
      readonly verified: DownloadedFile['verified'];
    }
  | { readonly type: 'notice'; readonly target: string; readonly message: string };

/** Keeps the model-wide byte counts while files download one after another. */
export class ByteTally {
  totalBytes: number;
  receivedBytes = 0;
  private finishedBytes: number;
  private currentBytes = 0;
  private currentSizeKnown = true;

  /** Starts from what `status` says is on disk; parts count once their file starts. */
  constructor(status: ModelStatus) {
    const kept = status.files.filter((local) => local.state === 'complete' || local.state === 'unverified');
    this.finishedBytes = kept.reduce((sum, local) => sum + local.bytes, 0);
    const unknownButPresent = kept.filter((local) => local.expectedSize === undefined);
    this.totalBytes = status.knownBytes + unknownButPresent.reduce((sum, local) => sum + local.bytes, 0);
  }

  /** Bytes of the model on disk, the current file's part included. */
  get doneBytes(): number {
    return this.finishedBytes + this.currentBytes;
  }

  /** A file starts downloading with `resumeFrom` bytes already in its part. */
  startFile(resumeFrom: number, sizeKnown: boolean): void {
    this.currentBytes = resumeFrom;
    this.currentSizeKnown = sizeKnown;
  }

  /** The current file's part now holds `bytes`; `size` is its full size, once the server said. */
  update(bytes: number, size: number | undefined): void {
    if (bytes > this.currentBytes) this.receivedBytes += bytes - this.currentBytes;
    this.currentBytes = bytes;
    if (!this.currentSizeKnown && size !== undefined) {
      this.totalBytes += size;
      this.currentSizeKnown = true;
    }
  }

  /** The current file is done with `size` bytes. */
  finishFile(size: number): void {
    if (!this.currentSizeKnown) this.totalBytes += size;
    this.finishedBytes += size;
    this.currentBytes = 0;
    this.currentSizeKnown = true;
  }
}
