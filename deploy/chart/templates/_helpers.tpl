{{/* Names: <release>-kube-ci unless the release name already says kube-ci. */}}
{{- define "kube-ci.fullname" -}}
{{- if contains "kube-ci" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-kube-ci" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kube-ci.labels" -}}
app.kubernetes.io/name: kube-ci
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component (api or worker): pass (list $ "api"). */}}
{{- define "kube-ci.selectorLabels" -}}
app.kubernetes.io/name: kube-ci
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "kube-ci.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "kube-ci.githubSecretName" -}}
{{- .Values.github.existingSecret | default (printf "%s-github" (include "kube-ci.fullname" .)) -}}
{{- end -}}

{{- define "kube-ci.workerServiceAccountName" -}}
{{- .Values.worker.serviceAccount.name | default (printf "%s-worker" (include "kube-ci.fullname" .)) -}}
{{- end -}}

{{/* The kube-ci config file: the user's keys, `namespace` from runs.namespace. */}}
{{- define "kube-ci.configFile" -}}
{{- if and (hasKey .Values.config "namespace") (ne (toString .Values.config.namespace) .Values.runs.namespace) -}}
{{- fail "config.namespace: set runs.namespace instead (the worker's Role is created there)" -}}
{{- end -}}
{{- toYaml (merge (dict "namespace" .Values.runs.namespace) (omit .Values.config "namespace")) -}}
{{- end -}}

{{/* temporal.yaml (config/schema.ts documents every key). */}}
{{- define "kube-ci.temporalFile" -}}
{{- $t := .Values.temporal -}}
{{- $file := dict "address" $t.address "namespace" $t.namespace "taskQueue" $t.taskQueue "uiBase" $t.uiBase "worker" $t.worker -}}
{{- $tls := dict -}}
{{- if or $t.tls.enabled $t.tls.existingSecret $t.apiKey.existingSecret -}}
{{- $_ := set $tls "enabled" true -}}
{{- end -}}
{{- with $t.tls.serverName -}}
{{- $_ := set $tls "serverName" . -}}
{{- end -}}
{{- if $t.tls.existingSecret -}}
{{- $_ := set $tls "certFile" (printf "/etc/kube-ci/temporal/%s" $t.tls.certKey) -}}
{{- $_ := set $tls "keyFile" (printf "/etc/kube-ci/temporal/%s" $t.tls.keyKey) -}}
{{- with $t.tls.caKey -}}
{{- $_ := set $tls "caFile" (printf "/etc/kube-ci/temporal/%s" .) -}}
{{- end -}}
{{- end -}}
{{- if $tls -}}
{{- $_ := set $file "tls" $tls -}}
{{- end -}}
{{- toYaml $file -}}
{{- end -}}

{{/* Environment both processes share. */}}
{{- define "kube-ci.commonEnv" -}}
- name: KUBECI_CONFIG
  value: /etc/kube-ci/config/config.yaml
- name: KUBECI_TEMPORAL_CONFIG
  value: /etc/kube-ci/config/temporal.yaml
- name: KUBECI_GITHUB_APP_ID
  value: {{ required "github.appId: the GitHub App's id is required" (.Values.github.appId | int | default "") | quote }}
- name: KUBECI_GITHUB_API_URL
  value: {{ .Values.github.apiUrl | quote }}
- name: KUBECI_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: KUBECI_METRICS_PORT
  value: {{ ternary .Values.metrics.port 0 .Values.metrics.enabled | quote }}
{{- with .Values.temporal.apiKey.existingSecret }}
- name: TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.temporal.apiKey.key }}
{{- end }}
{{- with .Values.env }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod annotations both share: a changed config rolls the pods; metrics scraping on `port` (the API serves
/metrics on its HTTP port, the worker on metrics.port). Called with (dict "root" $ "port" <port>).
*/}}
{{- define "kube-ci.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if and .root.Values.metrics.enabled .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Volumes both share: the config and, with mTLS, the Temporal client certificate. */}}
{{- define "kube-ci.commonVolumes" -}}
- name: config
  configMap:
    name: {{ include "kube-ci.fullname" . }}-config
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .Values.temporal.tls.existingSecret }}
- name: temporal-tls
  secret:
    secretName: {{ . }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "kube-ci.commonMounts" -}}
- name: config
  mountPath: /etc/kube-ci/config
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tls.existingSecret }}
- name: temporal-tls
  mountPath: /etc/kube-ci/temporal
  readOnly: true
{{- end }}
{{- end -}}
