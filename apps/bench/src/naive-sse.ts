/** An event from {@link NaiveSseParser}. */
export interface NaiveEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * The baseline event-stream parser: buffer the text, split it on `"\n\n"`, split each block on `"\n"`. LF line
 * endings only, no CR/CRLF, no line-length cap, no `retry` — what a hand-rolled parser usually looks like.
 */
export class NaiveSseParser {
  #buffer = "";
  #lastId: string | undefined;

  /** Feeds text; returns the events completed by it. */
  push(chunk: string): NaiveEvent[] {
    this.#buffer += chunk;
    const blocks = this.#buffer.split("\n\n");
    this.#buffer = blocks.pop() ?? "";
    const events: NaiveEvent[] = [];
    for (const block of blocks) {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
        else if (field === "id") this.#lastId = value;
      }
      if (data.length > 0) events.push({ event, data: data.join("\n"), id: this.#lastId });
    }
    return events;
  }
}
