import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import {
  decodeHeaderValue,
  encodeHeaderValue,
  fieldsToHeaders,
  metaFromBody,
  metaFromHeaders,
  toV2Image,
  v1Meta,
} from '../../../src/glance/v1/convert.js';

const ID = 'fd7c225f-2f05-4e44-84bb-42848d727fe7';

describe('v1 records to v2-shaped records', () => {
  it('reads HEAD headers as _image_meta_from_headers does: bools, ints, properties, nothing for absent fields', () => {
    const meta = metaFromHeaders({
      'x-image-meta-id': ID,
      'x-image-meta-name': 'cirros',
      'x-image-meta-is_public': 'True',
      'x-image-meta-protected': 'False',
      'x-image-meta-deleted': 'False',
      'x-image-meta-size': '200',
      'x-image-meta-min_ram': '0',
      'x-image-meta-min_disk': '',
      'x-image-meta-property-os_distro': 'cirros',
      'content-type': 'text/html',
      etag: 'abc',
    });
    expect(meta).toEqual({
      id: ID,
      name: 'cirros',
      is_public: true,
      protected: false,
      deleted: false,
      size: 200,
      min_ram: 0,
      min_disk: 0,
      properties: { os_distro: 'cirros' },
    });
    const image = toV2Image(meta);
    expect({ ...image }).toEqual({
      id: ID,
      name: 'cirros',
      visibility: 'public',
      is_public: true,
      protected: false,
      deleted: false,
      size: 200,
      min_ram: 0,
      min_disk: 0,
      os_distro: 'cirros',
    });
    expect('deleted_at' in image).toBe(false);
    expect(v1Meta(image)).toEqual(meta);
  });

  it('reads JSON bodies with their nulls (deleted_at None is a row) and a null size as 0', () => {
    const meta = metaFromBody({
      id: ID,
      name: 'closed',
      status: 'queued',
      is_public: false,
      deleted: false,
      deleted_at: null,
      size: null,
      checksum: null,
      properties: { os_distro: 'cirros', empty: null },
    });
    expect(meta.size).toBe(0);
    expect(meta.deleted_at).toBeNull();
    const image = toV2Image(meta);
    expect(image.visibility).toBe('private');
    expect(image.deleted_at).toBeNull();
    expect(image.size).toBe(0);
    expect(image.checksum).toBeNull();
    expect(image.empty).toBeNull();
    expect(v1Meta(image).properties).toEqual({ os_distro: 'cirros', empty: null });
  });

  it('keeps a core field over a colliding custom property, and the property in the meta', () => {
    const image = toV2Image(metaFromBody({ id: ID, name: 'core', is_public: true, properties: { name: 'custom', visibility: 'odd' } }));
    expect(image.name).toBe('core');
    expect(image.visibility).toBe('public');
    expect(v1Meta(image).properties).toEqual({ name: 'custom', visibility: 'odd' });
  });

  it('rebuilds the meta of a spread copy from its keys', () => {
    const image = toV2Image(metaFromBody({ id: ID, name: 'x', is_public: true, deleted_at: null, properties: { os_distro: 'cirros' } }));
    const copy = { ...image };
    expect(v1Meta(copy)).toEqual({ id: ID, name: 'x', is_public: true, deleted_at: null, properties: { os_distro: 'cirros' } });
    expect(v1Meta({ id: ID, visibility: 'private' }).is_public).toBe(false);
  });

  it('hands out copies of the meta, so callers cannot change the record', () => {
    const image = toV2Image(metaFromBody({ id: ID, properties: { a: '1' } }));
    v1Meta(image).properties.a = 'changed';
    expect(v1Meta(image).properties.a).toBe('1');
  });
});

describe('v2-shaped fields to x-image-meta-* headers', () => {
  it('writes core fields, visibility as is_public, booleans and numbers as Python prints them, the rest as properties', () => {
    expect(
      fieldsToHeaders({
        name: 'cirros',
        disk_format: 'qcow2',
        container_format: 'bare',
        visibility: 'public',
        protected: true,
        min_disk: 1,
        min_ram: 512,
        owner: 'o',
        id: ID,
        size: 200,
        checksum: 'c',
        store: 'file',
        location: 'http://x/y',
        copy_from: 'http://x/z',
        os_distro: 'cirros',
        hw_rng: false,
        description: null,
        status: 'active',
        created_at: 'now',
        tags: [],
        os_hidden: false,
      }),
    ).toEqual({
      'x-image-meta-name': 'cirros',
      'x-image-meta-disk_format': 'qcow2',
      'x-image-meta-container_format': 'bare',
      'x-image-meta-is_public': 'True',
      'x-image-meta-protected': 'True',
      'x-image-meta-min_disk': '1',
      'x-image-meta-min_ram': '512',
      'x-image-meta-owner': 'o',
      'x-image-meta-id': ID,
      'x-image-meta-size': '200',
      'x-image-meta-checksum': 'c',
      'x-image-meta-store': 'file',
      'x-image-meta-location': 'http://x/y',
      'x-glance-api-copy-from': 'http://x/z',
      'x-image-meta-property-os_distro': 'cirros',
      'x-image-meta-property-hw_rng': 'False',
    });
  });

  it('accepts is_public itself, and private visibility as False', () => {
    expect(fieldsToHeaders({ is_public: false })).toEqual({ 'x-image-meta-is_public': 'False' });
    expect(fieldsToHeaders({ visibility: 'private' })).toEqual({ 'x-image-meta-is_public': 'False' });
  });

  it('refuses what v1 cannot carry: tags, shared visibility, names that are not header tokens', () => {
    expect(() => fieldsToHeaders({ tags: ['a'] })).toThrow(CliError);
    expect(() => fieldsToHeaders({ tags: ['a'] })).toThrow("The Image API v1 has no 'tags': it cannot be set on this cloud.");
    expect(() => fieldsToHeaders({ os_hidden: true })).toThrow("The Image API v1 has no 'os_hidden'");
    expect(() => fieldsToHeaders({ visibility: 'shared' })).toThrow("The Image API v1 knows only public and private images, not 'shared'.");
    expect(() => fieldsToHeaders({ 'two words': 'x' })).toThrow("'two words' cannot be a property name there.");
  });

  it('spells UTF-8 header values byte for byte, and reads them back', () => {
    const wire = encodeHeaderValue('café ☕');
    expect(Buffer.from(wire, 'latin1').toString('utf8')).toBe('café ☕');
    expect(decodeHeaderValue(wire)).toBe('café ☕');
    expect(decodeHeaderValue('plain')).toBe('plain');
    expect(decodeHeaderValue('\xe9t\xe9')).toBe('\xe9t\xe9');
    expect(metaFromHeaders({ 'x-image-meta-name': wire }).name).toBe('café ☕');
  });
});
