/**
 * A tiny SMTP server for tests that catches the emails Phoenix (or the mock) sends. Phoenix 20.26.1 sends only over
 * STARTTLS (falling back to implicit TLS, never plain) and logs in when a username and password are set (it insists
 * on both), so the catcher offers STARTTLS with a throwaway self-signed certificate (made with `openssl`; send with
 * PHOENIX_SMTP_VALIDATE_CERTS=false) and accepts any AUTH PLAIN / AUTH LOGIN. With `auth` options it offers other
 * mechanisms (CRAM-MD5, checked against `auth.password`, as pytest-smtpd's server that Phoenix's tests use offers first)
 * and refuses some with 535.
 */
import { createHmac } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TLSSocket } from "node:tls";

export interface CaughtEmail {
  from: string;
  to: string[];
  /** The message as sent (headers and body, dot-unstuffed). */
  raw: string;
  /** The decoded body (quoted-printable or base64 undone). */
  body: string;
  subject: string;
  /** Whether the session was upgraded with STARTTLS, and the user it logged in as. */
  tls: boolean;
  user: string | undefined;
}

export interface SmtpCatcher {
  port: number;
  emails: CaughtEmail[];
  /** Resolves with the next email caught (or one caught already and not taken yet). */
  next(timeoutMs?: number): Promise<CaughtEmail>;
  close(): Promise<void>;
}

/** Whether `openssl` (which makes the catcher's certificate) is on PATH; the catcher's tests skip without it. */
export function opensslAvailable(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const SMTP_CATCHER_SKIP_REASON = "no openssl on PATH (the SMTP catcher's certificate needs it): SMTP tests skipped";

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "smtp-catcher-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function decodeBody(raw: string): string {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

export interface SmtpCatcherAuth {
  /** The AUTH mechanisms offered after STARTTLS (default `PLAIN LOGIN`). */
  offer?: string;
  /** The password CRAM-MD5 answers are checked against. */
  password?: string;
  /** Mechanisms answered `535` (authentication failed). */
  refuse?: string[];
}

/** Listens on 127.0.0.1:`port` (0: any free port). */
export async function startSmtpCatcher(port = 0, auth: SmtpCatcherAuth = {}): Promise<SmtpCatcher> {
  const credentials = selfSignedCertificate();
  const emails: CaughtEmail[] = [];
  const waiters: ((email: CaughtEmail) => void)[] = [];
  let taken = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((plain) => {
    sockets.add(plain);
    plain.on("close", () => sockets.delete(plain));
    let socket: Socket = plain;
    let buffer = "";
    let tls = false;
    let user: string | undefined;
    let from = "";
    let to: string[] = [];
    let data: string[] | undefined;
    let login: "user" | "pass" | "plain" | "cram" | undefined;
    let challenge = "";
    const say = (line: string) => socket.write(`${line}\r\n`);
    const onLine = (line: string) => {
      if (data) {
        if (line !== ".") return void data.push(line.startsWith("..") ? line.slice(1) : line);
        const raw = data.join("\r\n");
        data = undefined;
        const email: CaughtEmail = { from, to, raw, body: decodeBody(raw), subject: /^subject:\s*(.*)$/im.exec(raw)?.[1] ?? "", tls, user };
        emails.push(email);
        const waiter = waiters.shift();
        if (waiter) { taken += 1; waiter(email); }
        return say("250 2.0.0 OK queued");
      }
      if (login) {
        const decoded = Buffer.from(line, "base64").toString("utf8");
        if (login === "user") { user = decoded; login = "pass"; return say("334 UGFzc3dvcmQ6"); }
        if (login === "plain") user = decoded.split("\0")[1];
        if (login === "cram") {
          const [name = "", digest] = decoded.split(" ");
          login = undefined;
          if (digest !== createHmac("md5", auth.password ?? "").update(challenge).digest("hex")) return say("535 5.7.8 Authentication failed");
          user = name;
        }
        login = undefined;
        return say("235 2.7.0 Authentication successful");
      }
      const [verb = "", ...rest] = line.split(" ");
      const arg = rest.join(" ");
      switch (verb.toUpperCase()) {
        case "EHLO":
          return say(`250-localhost\r\n250-8BITMIME\r\n${tls ? `250-AUTH ${auth.offer ?? "PLAIN LOGIN"}` : "250-STARTTLS"}\r\n250 SMTPUTF8`);
        case "HELO":
          return say("250 localhost");
        case "STARTTLS": {
          say("220 2.0.0 Ready to start TLS");
          plain.removeAllListeners("data");
          const secure = new TLSSocket(plain, { isServer: true, ...credentials });
          secure.on("data", onData);
          secure.on("error", () => plain.destroy());
          socket = secure;
          tls = true;
          buffer = "";
          return;
        }
        case "AUTH": {
          const [mechanism = "", initial] = arg.split(" ");
          if (auth.refuse?.includes(mechanism.toUpperCase())) return say("535 5.7.8 Authentication failed");
          if (mechanism.toUpperCase() === "CRAM-MD5") {
            challenge = `<${Date.now()}@localhost>`;
            login = "cram";
            return say(`334 ${Buffer.from(challenge).toString("base64")}`);
          }
          if (mechanism.toUpperCase() === "LOGIN") {
            // The username may come on the AUTH line (as smtplib and the mock send it): then only the password is asked.
            if (initial) { user = Buffer.from(initial, "base64").toString("utf8"); login = "pass"; return say("334 UGFzc3dvcmQ6"); }
            login = "user";
            return say("334 VXNlcm5hbWU6");
          }
          if (initial) { user = Buffer.from(initial, "base64").toString("utf8").split("\0")[1]; return say("235 2.7.0 Authentication successful"); }
          login = "plain";
          return say("334 ");
        }
        case "MAIL":
          from = /<([^>]*)>/.exec(arg)?.[1] ?? "";
          to = [];
          return say("250 2.1.0 OK");
        case "RCPT":
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? "");
          return say("250 2.1.5 OK");
        case "DATA":
          data = [];
          return say("354 End data with <CR><LF>.<CR><LF>");
        case "RSET": case "NOOP":
          return say("250 OK");
        case "QUIT":
          say("221 2.0.0 Bye");
          return void socket.end();
        default:
          return say("502 5.5.2 Command not recognized");
      }
    };
    function onData(chunk: Buffer) {
      buffer += chunk.toString("utf8");
      let at: number;
      while ((at = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        onLine(line);
      }
    }
    plain.on("data", onData);
    plain.on("error", () => undefined);
    say("220 localhost ESMTP catcher");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    emails,
    next(timeoutMs = 30_000) {
      if (taken < emails.length) return Promise.resolve(emails[taken++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no email within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((email) => { clearTimeout(timer); resolve(email); });
      });
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
