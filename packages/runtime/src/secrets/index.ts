/**
 * Secrets: providers (environment, static, pluggable by scheme) and the resolver actions use.
 * @module
 */
export {
  EnvSecretProvider,
  type EnvSecretProviderOptions,
  PLAIN_ENV_OPT_IN,
  type SecretProvider,
  StaticSecretProvider,
  envSecretSuffix,
} from './provider';
export { SecretResolver, type SecretResolverOptions, secretMissing } from './resolver';
