/** Pipelines the end-to-end tests put at `.kube-ci/ci.yaml`. */
export const buildAndTest = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
  annotations:
    kube-ci.qutics.com/runForBranch: "true"
spec:
  entrypoint: build
  arguments:
    parameters:
      - name: greeting
        value: hello
      - name: branch
        value: user-supplied-and-replaced
  templates:
    - name: build
      steps:
        - - name: compile
            template: compile
        - - name: test
            template: test
    - name: compile
      container:
        image: golang:1.22
        command: [go, build, ./...]
    - name: test
      container:
        image: golang:1.22
        command: [go, test, ./...]
`;

/** line 6 has a tab where YAML allows none */
export const brokenYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  entrypoint: build
  templates:
\t- name: build
      container: {image: alpine}
`;

export const wrongKind = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
spec:
  schedule: "* * * * *"
`;

/** buildAndTest with two manual steps: `release` (essential) and `lint` (annotation overrides, G2 fixed). */
export const withManualSteps = buildAndTest.replace(
  '    kube-ci.qutics.com/runForBranch: "true"\n',
  '    kube-ci.qutics.com/runForBranch: "true"\n    kube-ci.qutics.com/manualTemplates: "^(release|lint)$"\n    kube-ci.qutics.com/essentialTemplates: "^release$"\n',
).concat(`    - name: release
      container:
        image: alpine:3.20
        command: [echo, released]
    - name: lint
      container:
        image: alpine:3.20
        command: [echo, linted]
`);

/** withManualSteps whose default run also deploys: a `deploy` step (deployTemplates) to `staging`. */
export const withManualStepsAndDeployment = withManualSteps
  .replace(
    '    kube-ci.qutics.com/essentialTemplates: "^release$"\n',
    '    kube-ci.qutics.com/essentialTemplates: "^release$"\n    kube-ci.qutics.com/deployTemplates: "^deploy$"\n',
  )
  .replace(
    '        - - name: test\n            template: test\n',
    '        - - name: test\n            template: test\n        - - name: deploy-staging\n            template: deploy\n            arguments:\n              parameters: [{name: environment, value: staging}]\n',
  ).concat(`    - name: deploy
      inputs:
        parameters: [{name: environment}]
      container:
        image: alpine:3.20
        command: [echo, "{{inputs.parameters.environment}}"]
`);
