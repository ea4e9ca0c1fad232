/**
 * The command line: python-glanceclient's global options, the subcommands, help, and argparse's
 * conventions for errors (usage errors exit 2).
 */
import { Command, CommanderError, Option } from 'commander';
import { registerCommands } from './commands/index.js';
import { parsePositiveNumber } from './commands/parsers.js';
import type { GlobalFlags } from './config/settings.js';
import type { RootContext } from './context.js';
import { CliError, ExitCode, UsageError } from './errors.js';
import { VERSION } from './version.js';

interface GlobalOption {
  flags: string;
  description: string;
  /** Spellings python-glanceclient also accepts; hidden from help. */
  aliases?: string[];
  parser?: (value: string) => unknown;
}

const GLOBAL_OPTIONS: GlobalOption[] = [
  { flags: '-d, --debug', description: 'Print each HTTP request and response on stderr (secrets redacted), and stack traces. Defaults to env[GLANCECLIENT_DEBUG].' },
  { flags: '-v, --verbose', description: 'Print more verbose output.' },
  { flags: '--get-schema', description: 'Accepted for compatibility; the built-in image schema is always used for options.' },
  { flags: '-f, --force', description: 'Accepted for compatibility; no command asks for confirmation.' },
  {
    flags: '--os-image-url <OS_IMAGE_URL>',
    description: 'Defaults to env[OS_IMAGE_URL]. If the URL contains a version number and --os-image-api-version is omitted, that version is used.',
    aliases: ['--os_image_url'],
  },
  { flags: '--os-image-api-version <OS_IMAGE_API_VERSION>', description: 'Defaults to env[OS_IMAGE_API_VERSION] or 2.', aliases: ['--os_image_api_version'] },
  { flags: '--os-region-name <OS_REGION_NAME>', description: 'Defaults to env[OS_REGION_NAME].', aliases: ['--os_region_name'] },
  { flags: '--os-auth-token <OS_AUTH_TOKEN>', description: 'Defaults to env[OS_AUTH_TOKEN]. Used with --os-image-url, Keystone is not contacted.', aliases: ['--os_auth_token'] },
  { flags: '--os-service-type <OS_SERVICE_TYPE>', description: 'Defaults to env[OS_SERVICE_TYPE] or image.', aliases: ['--os_service_type'] },
  {
    flags: '--os-endpoint-type <OS_ENDPOINT_TYPE>',
    description: 'public, internal or admin. Defaults to env[OS_ENDPOINT_TYPE], env[OS_INTERFACE] or public.',
    aliases: ['--os_endpoint_type'],
  },
  { flags: '--os-interface <OS_INTERFACE>', description: 'The same as --os-endpoint-type, as the openstack client spells it.' },
  {
    flags: '--os-auth-type <name>',
    description: 'password (the default), v3password, v2password, token (v3token) or v3applicationcredential. Defaults to env[OS_AUTH_TYPE].',
    aliases: ['--os-auth-plugin'],
  },
  { flags: '--os-cloud <name>', description: 'A cloud of clouds.yaml (and secure.yaml) to take settings from; flags and OS_* variables win over it. Defaults to env[OS_CLOUD].' },
  { flags: '--os-token <token>', description: 'A Keystone token, for --os-auth-type token. Defaults to env[OS_TOKEN].' },
  { flags: '--os-application-credential-id <id>', description: 'Application credential id. Defaults to env[OS_APPLICATION_CREDENTIAL_ID].' },
  { flags: '--os-application-credential-name <name>', description: 'Application credential name (with --os-username). Defaults to env[OS_APPLICATION_CREDENTIAL_NAME].' },
  { flags: '--os-application-credential-secret <secret>', description: 'Application credential secret. Defaults to env[OS_APPLICATION_CREDENTIAL_SECRET].' },
  { flags: '--no-cache', description: 'Do not use or fill the token cache (also OS_CACHE=0).' },
  { flags: '--insecure', description: 'Do not verify the server\'s TLS certificate. Use with caution.' },
  { flags: '--os-cacert <ca-certificate>', description: 'CA bundle file to verify TLS server certificates with. Defaults to env[OS_CACERT].' },
  { flags: '--os-cert <certificate>', description: 'Client certificate (PEM). Defaults to env[OS_CERT].' },
  { flags: '--os-key <key>', description: 'Client certificate\'s private key (PEM). Defaults to env[OS_KEY].' },
  { flags: '--timeout <seconds>', description: 'Seconds to wait for a connection or for data before giving up (default 600).', parser: parsePositiveNumber },
  { flags: '--collect-timing', description: 'Accepted for compatibility.' },
  { flags: '--os-auth-url <OS_AUTH_URL>', description: 'Authentication URL. Defaults to env[OS_AUTH_URL].' },
  { flags: '--os-system-scope <OS_SYSTEM_SCOPE>', description: 'Accepted for compatibility.' },
  { flags: '--os-domain-id <OS_DOMAIN_ID>', description: 'Accepted for compatibility.' },
  { flags: '--os-domain-name <OS_DOMAIN_NAME>', description: 'Accepted for compatibility.' },
  { flags: '--os-project-id <OS_PROJECT_ID>', description: 'Project ID to scope to. Defaults to env[OS_PROJECT_ID] or env[OS_TENANT_ID].', aliases: ['--os-tenant-id', '--os_tenant_id'] },
  {
    flags: '--os-project-name <OS_PROJECT_NAME>',
    description: 'Project name to scope to. Defaults to env[OS_PROJECT_NAME] or env[OS_TENANT_NAME].',
    aliases: ['--os-tenant-name', '--os_tenant_name'],
  },
  { flags: '--os-project-domain-id <OS_PROJECT_DOMAIN_ID>', description: 'Domain ID containing project.' },
  { flags: '--os-project-domain-name <OS_PROJECT_DOMAIN_NAME>', description: 'Domain name containing project.' },
  { flags: '--os-trust-id <OS_TRUST_ID>', description: 'Accepted for compatibility.' },
  { flags: '--os-default-domain-id <OS_DEFAULT_DOMAIN_ID>', description: 'Domain ID for the user and project when neither names one (default: default).' },
  { flags: '--os-default-domain-name <OS_DEFAULT_DOMAIN_NAME>', description: 'Domain name for the user and project when neither names one.' },
  { flags: '--os-user-id <OS_USER_ID>', description: 'User id.' },
  { flags: '--os-username <OS_USERNAME>', description: 'Username. Defaults to env[OS_USERNAME].', aliases: ['--os-user-name'] },
  { flags: '--os-user-domain-id <OS_USER_DOMAIN_ID>', description: 'User\'s domain id.' },
  { flags: '--os-user-domain-name <OS_USER_DOMAIN_NAME>', description: 'User\'s domain name.' },
  { flags: '--os-password <OS_PASSWORD>', description: 'User\'s password. Defaults to env[OS_PASSWORD]; prompted for on a terminal.' },
];

/** Builds the program; `run` parses argv and returns the exit code. */
export function createProgram(context: RootContext): Command {
  const program = new Command('glance')
    .description('Command-line interface to the OpenStack Images API.')
    .usage('[options] <subcommand> ...')
    .version(VERSION, '--version', 'Show the program\'s version number and exit.')
    .helpOption('-h, --help', 'Show this help message and exit.')
    .helpCommand(false)
    .argument('[subcommand]')
    .allowExcessArguments()
    .addHelpText('after', '\nSee "glance help COMMAND" for help on a specific command.');

  for (const option of GLOBAL_OPTIONS) {
    const visible = new Option(option.flags, option.description);
    if (option.parser) {
      visible.argParser(option.parser);
    }
    program.addOption(visible);
    for (const alias of option.aliases ?? []) {
      const valueSpec = option.flags.slice(option.flags.indexOf(' ')).trim();
      program.addOption(new Option(`${alias} ${valueSpec}`).hideHelp());
    }
  }

  const subcommands = registerCommands(program, context);
  const help = helpCommand(program, context);
  program.addCommand(help);
  subcommands.push(help);
  for (const command of subcommands) {
    configureErrors(command, context);
  }
  configureErrors(program, context);

  program.hook('preAction', () => context.configure(globalFlags(program)));
  program.action((subcommand: string | undefined) => {
    if (subcommand !== undefined) {
      const choices = program.commands.map((command) => `'${command.name()}'`).join(', ');
      throw new UsageError(`argument <subcommand>: invalid choice: '${subcommand}' (choose from ${choices})`);
    }
    program.outputHelp();
  });
  return program;
}

/** Parses and runs; returns the exit code. Errors other than usage errors propagate to the entry point. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(expandAbbreviations(argv, program), { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      const displayed = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return displayed ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
}

/**
 * argparse accepts any unambiguous prefix of a long option (`--human` for `--human-readable`),
 * and scripts use them; commander does not, so they are expanded first. Before the subcommand
 * only the global options count; after it, the subcommand's and the global ones.
 */
export function expandAbbreviations(argv: string[], program: Command): string[] {
  const flagsOf = (command: Command): Map<string, Option> =>
    new Map(command.options.filter((option) => option.long).map((option) => [option.long as string, option]));
  const globals = flagsOf(program);
  let known = globals;
  let subcommandSeen = false;
  const expanded: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === '--') {
      expanded.push(...argv.slice(index));
      break;
    }
    if (argument.startsWith('--')) {
      const equals = argument.indexOf('=');
      const name = equals < 0 ? argument : argument.slice(0, equals);
      let option = known.get(name);
      if (!option) {
        const candidates = [...known.keys()].filter((flag) => flag.startsWith(name));
        if (candidates.length > 1) {
          throw new UsageError(`ambiguous option: ${name} could match ${candidates.join(', ')}`);
        }
        option = candidates.length === 1 ? known.get(candidates[0] as string) : undefined;
      }
      expanded.push(option ? `${option.long}${equals < 0 ? '' : argument.slice(equals)}` : argument);
      // The value of an option is never the subcommand.
      if (option?.required && equals < 0 && index + 1 < argv.length) {
        expanded.push(argv[++index] as string);
      }
      continue;
    }
    if (!subcommandSeen && !argument.startsWith('-')) {
      subcommandSeen = true;
      const command = program.commands.find((candidate) => candidate.name() === argument);
      if (command) {
        known = new Map([...globals, ...flagsOf(command)]);
      }
    }
    expanded.push(argument);
  }
  return expanded;
}

function helpCommand(program: Command, context: RootContext): Command {
  return new Command('help')
    .description('Display help about this program or one of its subcommands.')
    .argument('[command]', 'Display help for <command>.')
    .action((name: string | undefined) => {
      if (name === undefined) {
        program.outputHelp();
        return;
      }
      const command = program.commands.find((candidate) => candidate.name() === name);
      if (!command) {
        throw new CliError(`'${name}' is not a valid subcommand`);
      }
      command.outputHelp();
    });
}

/** argparse's shape for usage errors on stderr, exit 2; help and version on stdout. */
function configureErrors(command: Command, context: RootContext): void {
  const name = command.parent ? `glance ${command.name()}` : 'glance';
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(text),
    outputError: (text, write) => {
      write(`usage: ${name} ${command.usage()}\n${name}: error: ${argparseWording(text.replace(/^error: /, ''))}`);
    },
  });
}

/** Commander's usage messages in argparse's words, which scripts and people already know. */
const ARGPARSE_WORDING: [RegExp, string][] = [
  [/^missing required argument '(.+)'/, 'the following arguments are required: <$1>'],
  [/^required option '(\S+)[^']*' not specified/, 'the following arguments are required: $1'],
  [/^unknown option '(.+?)'.*/, 'unrecognized arguments: $1'],
  [/^too many arguments.*?\. Expected (\d+) arguments? but got (\d+)\./, 'unrecognized arguments (expected $1, got $2)'],
  [/^option '(\S+)[^']*' argument '.*' is invalid\. /, 'argument $1: '],
  [/^command-argument value '.*' is invalid for argument '(.+?)'\. /, 'argument <$1>: '],
  [/^option '(\S+)[^']*' argument missing/, 'argument $1: expected one argument'],
];

function argparseWording(message: string): string {
  for (const [pattern, replacement] of ARGPARSE_WORDING) {
    if (pattern.test(message)) {
      return message.replace(pattern, replacement);
    }
  }
  return message;
}

function globalFlags(program: Command): GlobalFlags {
  const options = program.opts<Record<string, unknown>>();
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = options[name];
      if (typeof value === 'string') {
        return value;
      }
    }
    return undefined;
  };
  return {
    debug: options.debug === true,
    verbose: options.verbose === true,
    insecure: options.insecure === true,
    timeout: typeof options.timeout === 'number' ? options.timeout : undefined,
    osImageUrl: text('osImageUrl', 'os_image_url'),
    osImageApiVersion: text('osImageApiVersion', 'os_image_api_version'),
    osRegionName: text('osRegionName', 'os_region_name'),
    osAuthToken: text('osAuthToken', 'os_auth_token'),
    osServiceType: text('osServiceType', 'os_service_type'),
    osEndpointType: text('osEndpointType', 'os_endpoint_type'),
    osInterface: text('osInterface'),
    osCacert: text('osCacert'),
    osCert: text('osCert'),
    osKey: text('osKey'),
    osAuthType: text('osAuthType', 'osAuthPlugin'),
    osAuthUrl: text('osAuthUrl'),
    osSystemScope: text('osSystemScope'),
    osDomainId: text('osDomainId'),
    osDomainName: text('osDomainName'),
    osProjectId: text('osProjectId', 'osTenantId', 'os_tenant_id'),
    osProjectName: text('osProjectName', 'osTenantName', 'os_tenant_name'),
    osProjectDomainId: text('osProjectDomainId'),
    osProjectDomainName: text('osProjectDomainName'),
    osTrustId: text('osTrustId'),
    osDefaultDomainId: text('osDefaultDomainId'),
    osDefaultDomainName: text('osDefaultDomainName'),
    osUserId: text('osUserId'),
    osUsername: text('osUsername', 'osUserName'),
    osUserDomainId: text('osUserDomainId'),
    osUserDomainName: text('osUserDomainName'),
    osPassword: text('osPassword'),
    osCloud: text('osCloud'),
    osToken: text('osToken'),
    osApplicationCredentialId: text('osApplicationCredentialId'),
    osApplicationCredentialName: text('osApplicationCredentialName'),
    osApplicationCredentialSecret: text('osApplicationCredentialSecret'),
    cache: options.cache === false ? false : undefined,
  };
}
