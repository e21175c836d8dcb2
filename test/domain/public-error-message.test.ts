import { describe, expect, it } from 'vitest';
import { publicErrorMessage } from '../../domain/public-error-message';

describe('publicErrorMessage', () => {
  it.each([
    [
      'a refused connection to the API server',
      'get workflow argo/wf-1: connect ECONNREFUSED 10.0.0.1:6443',
      'get workflow argo/wf-1: network error talking to the cluster or GitHub: connection refused (ECONNREFUSED)',
    ],
    [
      'a failed DNS lookup of the in-cluster host',
      'getaddrinfo ENOTFOUND kubernetes.default.svc',
      'network error talking to the cluster or GitHub: host name could not be resolved (ENOTFOUND)',
    ],
    [
      'a TLS error naming the API server URL',
      'request to https://10.96.0.1:443/apis/argoproj.io/v1alpha1/namespaces/argo/workflows failed, reason: self-signed certificate in certificate chain',
      'network error talking to the cluster or GitHub: TLS handshake failed (certificate not accepted)',
    ],
    [
      'an RBAC refusal naming the service account',
      'create workflow argo/wf-1: Kubernetes answered 403: workflows.argoproj.io is forbidden: User "system:serviceaccount:argo:kube-ci" cannot create resource "workflows" in API group "argoproj.io" in the namespace "argo"',
      'create workflow argo/wf-1: Kubernetes answered 403: workflows.argoproj.io is forbidden: User "<service account>" cannot create resource "workflows" in API group "argoproj.io" in the namespace "argo"',
    ],
    [
      'a URL with a token in its query',
      'fetch failed: https://api.github.com/repos/o/r/tarball?token=ghs_abcdefghijklmnopqrstuvwxyz0123 (401)',
      'fetch failed: https://api.github.com/repos/o/r/tarball (401)',
    ],
    [
      'an internal URL',
      'upstream http://argo-server.argo.svc.cluster.local:2746/api/v1 answered 502',
      'upstream <internal URL> answered 502',
    ],
    [
      'a bearer token',
      'auth failed with Authorization: Bearer abc.def-123456',
      'auth failed with Authorization: Bearer ***',
    ],
    ['an IPv6 address', 'dial tcp [fd00::1]:6443: i/o timeout', 'dial tcp <internal address>: i/o timeout'],
  ])('summarises %s', (_what, message, expected) => {
    expect(publicErrorMessage(message)).toBe(expected);
  });

  it('keeps a CRD validation message readable: it tells the user what to fix', () => {
    const message =
      'create workflow argo/wf-1: Kubernetes answered 422: Workflow.argoproj.io "wf-1" is invalid: spec.templates[0].name: Invalid value: "Build_Step": spec.templates[0].name in body should match \'^[a-z0-9]([-a-z0-9]*[a-z0-9])?$\'';
    expect(publicErrorMessage(message)).toBe(message);
  });

  it('keeps GitHub documentation links', () => {
    const message =
      'GitHub answered 422: Validation Failed - https://docs.github.com/rest/checks/runs#update-a-check-run';
    expect(publicErrorMessage(message)).toBe(
      'GitHub answered 422: Validation Failed - https://docs.github.com/rest/checks/runs',
    );
  });
});
