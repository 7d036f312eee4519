/**
 * A local append-only journal: where acknowledged writes wait while PostgreSQL is unreachable.
 *
 * Format: one entry per line, `<crc32 of the JSON, 8 hex digits> <JSON>\n` (JSON never contains a raw newline).
 * `append` writes a whole batch with positioned writes and returns only after fdatasync, so an acknowledged
 * entry survives a process crash and a power cut. A crash *during* an append can leave a torn tail (a partial
 * line, or a zero-filled block on some filesystems): nothing in it was acknowledged, so `open` cuts it off.
 * A bad line with good lines after it is not a torn write but corruption: `open` refuses, because dropping
 * acknowledged data silently is the one thing this file exists to prevent.
 */
import { constants } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { crc32 } from "node:zlib";

export class JournalError extends Error {
  override name = "JournalError";
  constructor(
    readonly reason: "full" | "unwritable",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class JournalCorruptError extends Error {
  override name = "JournalCorruptError";
  constructor(
    readonly path: string,
    readonly line: number,
    why: string,
  ) {
    super(`journal ${path} is corrupt at line ${line} (${why}); it holds acknowledged writes — inspect it, do not delete it`);
  }
}

export interface OpenedJournal {
  readonly journal: JournalFile;
  /** The JSON text of every intact entry, in order. */
  readonly entries: string[];
  /** Bytes of torn tail that were cut off (0 normally). */
  readonly truncatedBytes: number;
}

const crcHex = (text: string) => crc32(text).toString(16).padStart(8, "0");

/** Frames one JSON text as a journal line. */
export const frame = (json: string): string => `${crcHex(json)} ${json}\n`;

function parseLine(line: string): string | undefined {
  if (line.length < 10 || line[8] !== " ") return undefined;
  const json = line.slice(9);
  return crcHex(json) === line.slice(0, 8) ? json : undefined;
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class JournalFile {
  #fh: FileHandle | undefined;
  #size: number;
  /** Set when a failed append could not be rolled back: further appends would corrupt the file. */
  #broken: Error | undefined;

  private constructor(
    readonly path: string,
    readonly maxBytes: number,
    fh: FileHandle,
    size: number,
  ) {
    this.#fh = fh;
    this.#size = size;
  }

  /** Opens (creating if needed) and reads the journal, cutting off a torn tail. */
  static async open(path: string, maxBytes: number): Promise<OpenedJournal> {
    await mkdir(dirname(path), { recursive: true });
    let created = false;
    let fh: FileHandle;
    try {
      fh = await open(path, constants.O_RDWR);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      fh = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
      created = true;
    }
    try {
      if (created) await fsyncDir(dirname(path)); // the file's directory entry must survive a crash too
      const text = (await fh.readFile()).toString("utf8");
      const lines = text.split("\n");
      // The piece after the last "\n" was never completed.
      const entries: string[] = [];
      let validBytes = 0;
      let firstBad = -1;
      for (let i = 0; i < lines.length - 1; i++) {
        const json = parseLine(lines[i]!);
        if (json === undefined) {
          if (firstBad === -1) firstBad = i;
          continue;
        }
        if (firstBad !== -1) throw new JournalCorruptError(path, firstBad + 1, "bad checksum or framing before intact entries");
        entries.push(json);
        validBytes += Buffer.byteLength(lines[i]!, "utf8") + 1;
      }
      const total = Buffer.byteLength(text, "utf8");
      if (validBytes < total) {
        await fh.truncate(validBytes);
        await fh.datasync();
      }
      return { journal: new JournalFile(path, maxBytes, fh, validBytes), entries, truncatedBytes: total - validBytes };
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get sizeBytes(): number {
    return this.#size;
  }

  /** Appends JSON texts durably (written and fdatasync'd) or throws JournalError and leaves the file as it was. */
  async append(jsonTexts: readonly string[]): Promise<void> {
    const fh = this.#fh;
    if (!fh) throw new JournalError("unwritable", `journal ${this.path} is closed`);
    if (this.#broken) throw new JournalError("unwritable", `journal ${this.path} is unusable: ${this.#broken.message}`, { cause: this.#broken });
    const buf = Buffer.from(jsonTexts.map(frame).join(""), "utf8");
    if (this.#size + buf.length > this.maxBytes) {
      throw new JournalError("full", `journal ${this.path} would exceed ${this.maxBytes} bytes`);
    }
    try {
      let written = 0;
      while (written < buf.length) {
        const { bytesWritten } = await fh.write(buf, written, buf.length - written, this.#size + written);
        written += bytesWritten;
      }
      await fh.datasync();
    } catch (err) {
      // Cut back to the last acknowledged byte so a later append cannot follow a partial line.
      try {
        await fh.truncate(this.#size);
      } catch (truncateErr) {
        this.#broken = truncateErr as Error;
      }
      throw new JournalError("unwritable", `cannot write journal ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    this.#size += buf.length;
  }

  /** Empties the journal once everything in it is stored elsewhere. */
  async reset(): Promise<void> {
    const fh = this.#fh;
    if (!fh) throw new JournalError("unwritable", `journal ${this.path} is closed`);
    await fh.truncate(0);
    await fh.datasync();
    this.#size = 0;
    this.#broken = undefined;
  }

  async close(): Promise<void> {
    const fh = this.#fh;
    this.#fh = undefined;
    await fh?.close();
  }
}
