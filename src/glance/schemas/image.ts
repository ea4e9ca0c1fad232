/**
 * python-glanceclient's built-in image schema (glanceclient/v2/image_schema.py), the properties
 * it turns into options, in the order its help lists them (reverse schema order).
 */
import type { SchemaProperty } from './types.js';

export const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;
export const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker'] as const;
export const VISIBILITIES = ['public', 'private', 'community', 'shared'] as const;

const PROPERTY_KEYS_URL = 'https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html';

export const IMAGE_SCHEMA_PROPERTIES: readonly SchemaProperty[] = [
  { name: 'architecture', type: 'string', description: `Operating system architecture as specified in ${PROPERTY_KEYS_URL}` },
  { name: 'protected', type: 'boolean', description: 'If true, image will not be deletable.' },
  { name: 'name', type: 'string', description: 'Descriptive name for the image' },
  {
    name: 'instance_uuid',
    type: 'string',
    description:
      'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)',
  },
  { name: 'min_disk', type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
  { name: 'visibility', type: 'string', description: 'Scope of image accessibility', enum: VISIBILITIES },
  {
    name: 'kernel_id',
    type: 'string',
    description: 'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
  },
  { name: 'tags', type: 'array', description: 'List of strings related to the image' },
  { name: 'os_version', type: 'string', description: 'Operating system version as specified by the distributor' },
  { name: 'disk_format', type: 'string', description: 'Format of the disk', enum: DISK_FORMATS },
  { name: 'os_distro', type: 'string', description: `Common name of operating system distribution as specified in ${PROPERTY_KEYS_URL}` },
  { name: 'id', type: 'string', description: 'An identifier for the image' },
  { name: 'owner', type: 'string', description: 'Owner of the image' },
  {
    name: 'ramdisk_id',
    type: 'string',
    description: 'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
  },
  { name: 'min_ram', type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
  { name: 'container_format', type: 'string', description: 'Format of the container', enum: CONTAINER_FORMATS },
];
