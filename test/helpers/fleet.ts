import { FLEET_HEAD, fleetRevision, tenantNames, writeFleetProject } from '../../bench/lib/fleet-fixture.js';
import { tempProject, type TempProject } from './project.js';

export { FLEET_HEAD, fleetRevision, tenantNames };

/** A temporary project with the fleet fixture (bench/lib/fleet-fixture.js): `tenants` is the config's TypeScript text. */
export function fleetProject(url: string | null, tenants: string, options: { slow?: number } = {}): TempProject {
  const project = tempProject(url);
  writeFleetProject(project.dir, url, tenants, options);
  return project;
}
