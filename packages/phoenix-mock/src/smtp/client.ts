import { isIP, connect as netConnect, type Socket } from "node:net";
import { createHmac } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import type { SmtpConfig } from "../core/smtp-config.js";

/** One email to send: plain headers and an HTML body. */
export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
}

const TIMEOUT_MS = 30_000;

/** Reads SMTP replies (possibly multi-line, `250-…` then `250 …`) from a socket, one at a time. */
class Replies {
  #buffer = "";
  #lines: string[] = [];
  #waiter: ((reply: { code: number; text: string }) => void) | undefined;
  #failure: Error | undefined;
  #onFail: ((error: Error) => void) | undefined;

  attach(socket: Socket): void {
    this.#buffer = "";
    socket.on("data", (chunk: Buffer) => {
      this.#buffer += chunk.toString("utf8");
      let at: number;
      while ((at = this.#buffer.indexOf("\r\n")) >= 0) {
        const line = this.#buffer.slice(0, at);
        this.#buffer = this.#buffer.slice(at + 2);
        this.#lines.push(line);
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
          const text = this.#lines.join("\n");
          this.#lines = [];
          this.#waiter?.({ code: Number(line.slice(0, 3)), text });
          this.#waiter = undefined;
        }
      }
    });
    const fail = (error: Error) => {
      this.#failure = error;
      this.#onFail?.(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("SMTP connection closed")));
  }

  next(): Promise<{ code: number; text: string }> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#onFail = reject;
    });
  }
}

/** The body as base64 lines of 76 characters (RFC 2045). */
function base64Lines(text: string): string {
  return (Buffer.from(text, "utf8").toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");
}

function messageText(from: string, message: EmailMessage): string {
  return [
    `Subject: ${message.subject}`,
    `From: ${from}`,
    `To: ${message.to}`,
    'Content-Type: text/html; charset="utf-8"',
    "Content-Transfer-Encoding: base64",
    "MIME-Version: 1.0",
    "",
    base64Lines(message.html),
  ].join("\r\n");
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Each mechanism's first AUTH line and its answer to a 334 challenge (the challenge base64-decoded). */
const MECHANISMS: Record<string, (config: SmtpConfig) => { first: string; answer(challenge: string): string }> = {
  "CRAM-MD5": (c) => ({
    first: "AUTH CRAM-MD5",
    answer: (challenge) => base64(`${c.username} ${createHmac("md5", c.password).update(challenge, "utf8").digest("hex")}`),
  }),
  PLAIN: (c) => ({ first: `AUTH PLAIN ${base64(`\0${c.username}\0${c.password}`)}`, answer: () => base64(`\0${c.username}\0${c.password}`) }),
  LOGIN: (c) => ({ first: `AUTH LOGIN ${base64(c.username)}`, answer: () => base64(c.password) }),
};

/**
 * As Python's smtplib.login: the server must offer AUTH; CRAM-MD5, PLAIN, then LOGIN, each the server offers, until
 * one is accepted (235, or 503 already authenticated); a refused one (535 …) moves on to the next.
 */
async function logIn(config: SmtpConfig, features: string, send: (line: string) => Promise<{ code: number; text: string }>): Promise<void> {
  const offered = /^250[- ]AUTH[ =](.*)$/im.exec(features)?.[1]?.toUpperCase().split(/\s+/) ?? [];
  const names = Object.keys(MECHANISMS).filter((name) => offered.includes(name));
  if (names.length === 0) throw new Error("SMTP AUTH extension not supported by server");
  let failure = new Error("No suitable authentication method found.");
  for (const name of names) {
    const mechanism = MECHANISMS[name]!(config);
    let reply = await send(mechanism.first);
    for (let round = 0; reply.code === 334 && round < 5; round += 1) {
      reply = await send(mechanism.answer(Buffer.from(reply.text.slice(4).trim(), "base64").toString("utf8")));
    }
    if (reply.code === 235 || reply.code === 503) return;
    failure = new Error(`SMTP server answered ${reply.code}`);
  }
  throw failure;
}

async function session(config: SmtpConfig, message: EmailMessage, method: "STARTTLS" | "SSL"): Promise<void> {
  // SNI names a host, never an address (RFC 6066).
  const tlsOptions = { servername: isIP(config.hostname) ? undefined : config.hostname, rejectUnauthorized: config.validateCerts };
  let socket: Socket = method === "SSL"
    ? tlsConnect({ host: config.hostname, port: config.port, ...tlsOptions })
    : netConnect({ host: config.hostname, port: config.port });
  socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error("SMTP timeout")));
  let replies = new Replies();
  replies.attach(socket);
  const expect = async (codes: number[]): Promise<string> => {
    const reply = await replies.next();
    if (!codes.includes(reply.code)) throw new Error(`SMTP server answered ${reply.code}`);
    return reply.text;
  };
  const command = async (line: string, codes: number[]): Promise<string> => {
    socket.write(`${line}\r\n`);
    return expect(codes);
  };
  try {
    await expect([220]);
    let features = await command("EHLO phoenix-mock", [250]);
    if (method === "STARTTLS") {
      if (!/^250[- ]STARTTLS/im.test(features)) throw new Error("STARTTLS extension not supported by server");
      await command("STARTTLS", [220]);
      const plain = socket;
      plain.removeAllListeners("data");
      socket = tlsConnect({ socket: plain, ...tlsOptions });
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", resolve);
        socket.once("error", reject);
      });
      replies = new Replies();
      replies.attach(socket);
      features = await command("EHLO phoenix-mock", [250]);
    }
    await logIn(config, features, async (line) => {
      socket.write(`${line}\r\n`);
      return replies.next();
    });
    await command(`MAIL FROM:<${config.mailFrom}>`, [250]);
    await command(`RCPT TO:<${message.to}>`, [250, 251]);
    await command("DATA", [354]);
    const body = messageText(config.mailFrom, message).replace(/^\./gm, "..");
    await command(`${body}\r\n.`, [250]);
    await command("QUIT", [221]).catch(() => undefined);
  } finally {
    socket.destroy();
  }
}

/**
 * Sends one email as Phoenix's SimpleEmailSender does: STARTTLS on the configured port, then implicit TLS, each with
 * the configured certificate check; logs in with the username and password; no plain-text fallback. Throws when
 * both fail (Phoenix: "All connection methods failed", a 500 for the request that sent it).
 */
export async function sendEmail(config: SmtpConfig, message: EmailMessage, log: (line: string) => void = () => undefined): Promise<void> {
  for (const method of ["STARTTLS", "SSL"] as const) {
    try {
      return await session(config, message, method);
    } catch (error) {
      log(`Failed to send email using ${method}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error("All connection methods failed");
}
