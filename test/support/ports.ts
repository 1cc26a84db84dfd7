/**
 * Test ports, shifted by `RHEC_PORT_OFFSET` (default 0) so two checkouts on one machine can
 * run their browser suites at the same time without colliding.
 */
export function testPort(port: number): number {
  return port + Number(process.env.RHEC_PORT_OFFSET ?? 0);
}
