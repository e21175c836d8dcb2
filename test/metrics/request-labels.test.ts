import { describe, expect, it } from 'vitest';
import { githubOperation, rateLimitOwner } from '../../metrics/github';
import { kubeRequestInfo } from '../../metrics/kubernetes';

describe('kubeRequestInfo', () => {
  const base = 'https://kube.example:6443';
  it.each([
    ['GET', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/ci-abc', 'get', 'workflows'],
    [
      'GET',
      '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?labelSelector=managedBy%3Dkube-ci',
      'list',
      'workflows',
    ],
    ['GET', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?watch=true&resourceVersion=5', 'watch', 'workflows'],
    ['POST', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows', 'create', 'workflows'],
    ['PATCH', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/ci-abc', 'patch', 'workflows'],
    ['DELETE', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/ci-abc', 'delete', 'workflows'],
    ['GET', '/api/v1/namespaces/argo/pods/ci-abc-compile-1/log?container=main', 'get', 'pods/log'],
    ['GET', '/api/v1/namespaces/argo/persistentvolumeclaims/cache', 'get', 'persistentvolumeclaims'],
    ['POST', '/api/v1/namespaces/argo/persistentvolumeclaims', 'create', 'persistentvolumeclaims'],
    ['DELETE', '/api/v1/namespaces/argo/persistentvolumeclaims', 'deletecollection', 'persistentvolumeclaims'],
    ['PUT', '/api/v1/namespaces/argo', 'update', 'namespaces'],
    ['GET', '/api/v1/nodes', 'list', 'nodes'],
    ['GET', '/version', 'get', 'other'],
  ])('%s %s is %s %s', (method, path, verb, resource) => {
    expect(kubeRequestInfo(method, `${base}${path}`)).toEqual({ verb, resource });
  });
});

describe('githubOperation', () => {
  it('names a request by its route template, so owners and ids add no series', () => {
    expect(githubOperation({ method: 'PATCH', url: '/repos/{owner}/{repo}/check-runs/{check_run_id}' })).toBe(
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    );
  });
  it('counts later pages of a list (absolute URLs) as one operation', () => {
    expect(githubOperation({ method: 'GET', url: 'https://api.github.com/repositories/1/check-runs?page=2' })).toBe(
      'GET (next page)',
    );
  });
});

describe('rateLimitOwner', () => {
  it("is the installation for installation calls and the App for the App's own", () => {
    expect(rateLimitOwner({ url: '/repos/{owner}/{repo}/check-runs' }, 42)).toBe('42');
    expect(rateLimitOwner({ url: '/app/installations/{installation_id}/access_tokens' }, 42)).toBe('app');
    expect(rateLimitOwner({ url: '/repos/{owner}/{repo}/installation' }, undefined)).toBe('app');
  });
});
