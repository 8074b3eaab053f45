{{/* The release's base name for every object: the release name, with "capstan" added unless it is in it. */}}
{{- define "capstan.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; pass a dict with "root" (the chart context) and "component". */}}
{{- define "capstan.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The selector of one component's pods. */}}
{{- define "capstan.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "capstan.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Prometheus's pod annotations; pass a dict with "root", "port" and "scheme". */}}
{{- define "capstan.scrapeAnnotations" -}}
{{- if .root.Values.metrics.scrapeAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
prometheus.io/scheme: {{ .scheme }}
{{- end }}
{{- end -}}

{{/* The ServiceAccount name of a component. */}}
{{- define "capstan.serviceAccount" -}}
{{- if .root.Values.rbac.create -}}
{{- printf "%s-%s" (include "capstan.fullname" .root) .component -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{/* Replicas of a component spread over nodes unless the values give an affinity. */}}
{{- define "capstan.affinity" -}}
{{- if .affinity -}}
{{- toYaml .affinity }}
{{- else -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "capstan.selector" . | nindent 12 }}
{{- end }}
{{- end -}}

{{/* The Secret with the components' kubeconfigs. */}}
{{- define "capstan.kubeconfigSecret" -}}
{{- required "kubeconfig.existingSecret: the Secret with the kubeconfig the components reach the API server with (see README.md)" .Values.kubeconfig.existingSecret -}}
{{- end -}}

{{/* The pod-level settings every Capstan pod shares. */}}
{{- define "capstan.podCommon" -}}
{{- with .Values.imagePullSecrets -}}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
