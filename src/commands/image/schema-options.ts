/**
 * image-create and image-update options, from python-glanceclient's built-in image schema
 * (glanceclient/v2/image_schema.py), in the order its help lists them (reverse schema order).
 */
import { Option, type Command } from 'commander';
import { CliError } from '../../errors.js';
import { collect, parseInteger, parseLooseBoolean, parseStrictBoolean, splitKeyValue } from '../parsers.js';

interface SchemaProperty {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'array';
  description: string;
  choices?: readonly (string | null)[];
}

export const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;
export const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker'] as const;
export const VISIBILITIES = ['public', 'private', 'community', 'shared'] as const;

const PROPERTY_KEYS_URL = 'https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html';

const SCHEMA_PROPERTIES: SchemaProperty[] = [
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
  { name: 'visibility', type: 'string', description: 'Scope of image accessibility', choices: VISIBILITIES },
  {
    name: 'kernel_id',
    type: 'string',
    description: 'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
  },
  { name: 'tags', type: 'array', description: 'List of strings related to the image' },
  { name: 'os_version', type: 'string', description: 'Operating system version as specified by the distributor' },
  { name: 'disk_format', type: 'string', description: 'Format of the disk', choices: DISK_FORMATS },
  { name: 'os_distro', type: 'string', description: `Common name of operating system distribution as specified in ${PROPERTY_KEYS_URL}` },
  { name: 'id', type: 'string', description: 'An identifier for the image' },
  { name: 'owner', type: 'string', description: 'Owner of the image' },
  {
    name: 'ramdisk_id',
    type: 'string',
    description: 'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
  },
  { name: 'min_ram', type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
  { name: 'container_format', type: 'string', description: 'Format of the container', choices: CONTAINER_FORMATS },
];

/** Adds one option per schema property (minus `omit`), plus --hidden and --property. */
export function addSchemaOptions(command: Command, omit: readonly string[]): Command {
  for (const property of SCHEMA_PROPERTIES) {
    if (omit.includes(property.name)) {
      continue;
    }
    const flag = `--${property.name.replaceAll('_', '-')}`;
    const metavar = property.name.toUpperCase();
    const valid = property.choices ? ` Valid values: ${property.choices.map((choice) => choice ?? 'None').join(', ')}` : '';
    const description = `${property.description}${valid}`;
    if (property.type === 'boolean') {
      command.addOption(new Option(`${flag} <True|False>`, description).argParser(parseStrictBoolean));
    } else if (property.type === 'integer') {
      command.addOption(new Option(`${flag} <${metavar}>`, description).argParser(parseInteger));
    } else if (property.type === 'array') {
      command.addOption(new Option(`${flag} <${metavar}...>`, description));
    } else {
      command.addOption(new Option(`${flag} <${metavar}>`, description));
    }
  }
  command.addOption(
    new Option('--hidden [True|False]', 'If true, image will not appear in default image list response.').argParser(parseLooseBoolean),
  );
  command.addOption(
    new Option('--property <key=value>', 'Arbitrary property to associate with image. May be used multiple times.').argParser(collect),
  );
  return command;
}

/** The image fields the user set, keyed by their Glance names, validated against the built-in enums. */
export function schemaFields(options: Record<string, unknown>, omit: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const property of SCHEMA_PROPERTIES) {
    if (omit.includes(property.name)) {
      continue;
    }
    const value = options[camelCase(property.name)];
    if (value === undefined) {
      continue;
    }
    if (property.choices && !property.choices.includes(value as string)) {
      throw invalidChoice(property, value as string);
    }
    fields[property.name] = value;
  }
  if (options.hidden !== undefined) {
    // Bare --hidden means True, as argparse's const=True.
    fields.os_hidden = options.hidden === true || options.hidden === 'True' ? true : options.hidden;
  }
  for (const entry of (options.property as string[] | undefined) ?? []) {
    const pair = splitKeyValue(entry);
    if (!pair) {
      throw new CliError(`Arbitrary properties must be specified as key=value; got '${entry}'`);
    }
    fields[pair[0]] = pair[1];
  }
  return fields;
}

/** jsonschema's first line, as python-glanceclient prints it through warlock. */
function invalidChoice(property: SchemaProperty, value: string): CliError {
  const choices = (property.choices ?? []).map((choice) => (choice === null ? 'None' : `'${choice}'`)).join(', ');
  return new CliError(`Unable to set '${property.name}' to '${value}'. Reason: '${value}' is not one of [${choices}]`);
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
