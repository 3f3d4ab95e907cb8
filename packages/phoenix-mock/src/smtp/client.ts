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

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/**
 * As Python's smtplib.login (Phoenix's sender): only when the server offers AUTH, each offered method in smtplib's
 * order (CRAM-MD5, PLAIN, LOGIN) until one is accepted; a refusal moves on to the next, the last one's error stays.
 */
async function login(features: string, config: SmtpConfig, command: (line: string, codes: number[]) => Promise<string>): Promise<void> {
  const offered = /^250[- ]AUTH[ =](.*)$/im.exec(features)?.[1]?.toUpperCase().split(/\s+/) ?? [];
  const methods = ["CRAM-MD5", "PLAIN", "LOGIN"].filter((method) => offered.includes(method));
  if (methods.length === 0) throw new Error("SMTP AUTH extension not supported by server");
  let failure: unknown;
  for (const method of methods) {
    try {
      if (method === "CRAM-MD5") {
        const challenge = Buffer.from((await command("AUTH CRAM-MD5", [334])).slice(4).trim(), "base64");
        await command(b64(`${config.username} ${createHmac("md5", config.password).update(challenge).digest("hex")}`), [235]);
      } else if (method === "PLAIN") {
        await command(`AUTH PLAIN ${b64(`\0${config.username}\0${config.password}`)}`, [235]);
      } else {
        await command("AUTH LOGIN", [334]);
        await command(b64(config.username), [334]);
        await command(b64(config.password), [235]);
      }
      return;
    } catch (error) {
      failure = error;
    }
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
    await login(features, config, command);
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
