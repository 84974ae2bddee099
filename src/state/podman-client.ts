// Podman's container metadata: podman serves the Docker Engine API (started with
// `podman system service --time=0 unix:///run/podman/podman.sock`), so its client is the
// Docker API client at podman's socket, answering for `libpod-<id>` cgroups.
import { DockerApiClient, type DockerApiClientOptions } from './docker-api-client.js';

export const PODMAN_SOCKET = '/run/podman/podman.sock';

export function podmanClient(opts: Partial<DockerApiClientOptions> = {}): DockerApiClient {
  return new DockerApiClient({ socketPath: PODMAN_SOCKET, name: 'podman', runtimes: ['podman'], ...opts });
}
