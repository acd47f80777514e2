import { describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/driver.js';
import { createTestDatabase } from '../helpers/database.js';

describe('driver', () => {
  it('connects to a fresh server database', async () => {
    const db = await createTestDatabase();
    const driver = await connect(db.url);
    const { rows } = await driver.query<{ one: number }>('select 1 as one');
    expect(rows[0]!.one).toBe(1);
    await driver.close();
  });
  it('says which server it cannot reach, without the password', async () => {
    await expect(connect('postgres://bob:hunter2@127.0.0.1:1/x')).rejects.toThrow(/cannot connect to postgres:\/\/bob:\*\*\*\*@127\.0\.0\.1:1\/x/);
    await expect(connect('postgres://bob:hunter2@127.0.0.1:1/x')).rejects.not.toThrow(/hunter2/);
  });
});
