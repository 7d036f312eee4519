/** GET one key from Redis over a raw RESP connection (this package has no Redis client dependency). */
import { connect } from "node:net";

export function redisGet(url: string, key: string): Promise<string | null> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 6379) });
    let data = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("redis GET timed out")));
    socket.on("error", reject);
    socket.on("connect", () => socket.write(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`));
    socket.on("data", (chunk) => {
      data += chunk.toString("utf8");
      if (data.startsWith("$-1\r\n")) return done(null);
      const m = /^\$(\d+)\r\n/.exec(data);
      if (m && Buffer.byteLength(data) >= m[0].length + Number(m[1]) + 2) return done(data.slice(m[0].length, m[0].length + Number(m[1])));
      if (data.startsWith("-")) reject(new Error(data.trim()));
    });
    function done(value: string | null) {
      socket.end();
      resolve(value);
    }
  });
}
