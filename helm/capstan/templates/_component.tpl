{{/*
A leader-elected control-plane component (scheduler, controller manager) as a Deployment: a dict with "root",
"component" (the name suffix), "role" (the `capstan` role), "values" (the component's values), "kubeconfigKey"
and "leaderArgs" (the flags that turn leader election on).
*/}}
{{- define "capstan.componentDeployment" -}}
{{- $root := .root }}
{{- $values := .values }}
{{- $ctx := dict "root" $root "component" .component "affinity" $values.affinity }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "capstan.fullname" $root }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "capstan.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ $values.replicas }}
  selector:
    matchLabels:
      {{- include "capstan.selector" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "capstan.selector" $ctx | nindent 8 }}
      annotations:
        {{- include "capstan.scrapeAnnotations" (dict "root" $root "port" $values.port "scheme" "https") | nindent 8 }}
    spec:
      serviceAccountName: {{ include "capstan.serviceAccount" $ctx }}
      {{- with include "capstan.podCommon" $root }}
      {{- . | nindent 6 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "capstan.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            - {{ .role }}
            - --kubeconfig=/etc/capstan/kubeconfig/kubeconfig
            # /metrics (token-checked) and /healthz (open) over HTTPS on the pod's address, for probes and Prometheus
            - --bind-address=0.0.0.0
            - --port={{ $values.port }}
            {{- range .leaderArgs }}
            - {{ . }}
            {{- end }}
            {{- range $values.extraArgs }}
            - {{ . | quote }}
            {{- end }}
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ $root.Values.javaOptions | quote }}
          ports:
            - name: https-metrics
              containerPort: {{ $values.port }}
          readinessProbe:
            httpGet:
              path: /healthz
              port: https-metrics
              scheme: HTTPS
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /healthz
              port: https-metrics
              scheme: HTTPS
            initialDelaySeconds: 60
            periodSeconds: 10
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          volumeMounts:
            - name: kubeconfig
              mountPath: /etc/capstan/kubeconfig
              readOnly: true
      volumes:
        - name: kubeconfig
          secret:
            secretName: {{ include "capstan.kubeconfigSecret" $root }}
            items:
              - key: {{ .kubeconfigKey }}
                path: kubeconfig
      affinity:
        {{- include "capstan.affinity" $ctx | nindent 8 }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
