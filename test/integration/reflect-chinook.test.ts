import { expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { CHINOOK, chinookSql } from '../helpers/fixtures.js';

it.skipIf(CHINOOK.missing)(CHINOOK.title('reflects the chinook sample database'), async () => {
  const db = await createTestDatabase();
  await runSql(db.url, chinookSql());
  const driver = await connect(db.url);
  const model = await reflectSchema(driver).finally(() => driver.close());

  expect(model.schemas).toEqual([]);
  expect(model.enums).toEqual([]);
  expect(model.tables.map((t) => t.name)).toEqual([
    'album',
    'artist',
    'customer',
    'employee',
    'genre',
    'invoice',
    'invoice_line',
    'media_type',
    'playlist',
    'playlist_track',
    'track',
  ]);
  const fks = model.tables.flatMap((t) =>
    t.foreignKeys.map((fk) => `${t.name}(${fk.columns.join(',')}) -> ${fk.refTable}(${fk.refColumns.join(',')})`),
  );
  expect(fks.sort()).toEqual([
    'album(artist_id) -> artist(artist_id)',
    'customer(support_rep_id) -> employee(employee_id)',
    'employee(reports_to) -> employee(employee_id)',
    'invoice(customer_id) -> customer(customer_id)',
    'invoice_line(invoice_id) -> invoice(invoice_id)',
    'invoice_line(track_id) -> track(track_id)',
    'playlist_track(playlist_id) -> playlist(playlist_id)',
    'playlist_track(track_id) -> track(track_id)',
    'track(album_id) -> album(album_id)',
    'track(genre_id) -> genre(genre_id)',
    'track(media_type_id) -> media_type(media_type_id)',
  ]);
  expect(
    model.tables.every((t) => t.foreignKeys.every((fk) => fk.onDelete === 'NO ACTION' && fk.onUpdate === 'NO ACTION')),
  ).toBe(true);

  const indexes = model.tables.flatMap((t) =>
    t.indexes.map(
      (i) => `${t.name}.${i.name}(${i.columns.map((c) => ('column' in c ? c.column : c.expression)).join(',')})`,
    ),
  );
  expect(indexes).toEqual([
    'album.album_artist_id_idx(artist_id)',
    'customer.customer_support_rep_id_idx(support_rep_id)',
    'employee.employee_reports_to_idx(reports_to)',
    'invoice.invoice_customer_id_idx(customer_id)',
    'invoice_line.invoice_line_invoice_id_idx(invoice_id)',
    'invoice_line.invoice_line_track_id_idx(track_id)',
    'playlist_track.playlist_track_playlist_id_idx(playlist_id)',
    'playlist_track.playlist_track_track_id_idx(track_id)',
    'track.track_album_id_idx(album_id)',
    'track.track_genre_id_idx(genre_id)',
    'track.track_media_type_id_idx(media_type_id)',
  ]);

  const playlistTrack = model.tables.find((t) => t.name === 'playlist_track')!;
  expect(playlistTrack.primaryKey).toEqual({ name: 'playlist_track_pkey', columns: ['playlist_id', 'track_id'] });
  const album = model.tables.find((t) => t.name === 'album')!;
  expect(album.columns).toEqual([
    { name: 'album_id', type: 'integer', nullable: false, default: null, identity: null },
    { name: 'title', type: 'character varying(160)', nullable: false, default: null, identity: null },
    { name: 'artist_id', type: 'integer', nullable: false, default: null, identity: null },
  ]);
});
