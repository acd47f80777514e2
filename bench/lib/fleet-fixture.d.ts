/** Types of fleet-fixture.js, for the tests that share it. */
export declare const FLEET_HEAD: string;
export declare const FLEET_MODEL: string;
export declare function fleetRevision(index: number, options?: { slow?: number; extra?: string }): string;
export declare function writeFleetProject(
  dir: string,
  url: string | null,
  tenants: string,
  options?: { slow?: number },
): void;
export declare function tenantNames(n: number): string[];
