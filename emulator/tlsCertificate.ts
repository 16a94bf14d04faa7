/** A fresh self-signed certificate for the emulator's HTTPS, like the one an SBC ships with. */
import { isIP } from "node:net";
import { generate } from "selfsigned";

export async function selfSignedCertificate(host: string): Promise<{ key: string; cert: string }> {
  const altNames = [
    { type: 2 as const, value: "localhost" },
    { type: 7 as const, ip: "127.0.0.1" },
    { type: 7 as const, ip: "::1" },
  ];
  if (isIP(host)) altNames.push({ type: 7 as const, ip: host });
  else if (host !== "localhost") altNames.push({ type: 2 as const, value: host });
  const pems = await generate([{ name: "commonName", value: host }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
