using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// What a worker's <c>hello</c> declares (PROTOCOL.md, "hello"): the protocol it speaks, what binding it is, its release
/// and engine, its devices, and what it can do. One reading for the generic oracle and <c>conformance check-worker</c>.
/// </summary>
/// <param name="Protocol">The protocol version it speaks (<see cref="ProtocolVersion"/>).</param>
/// <param name="Binding">The worker's own name for its binding (informational: the manifest names the binding in a matrix).</param>
/// <param name="Version">The binding's release, e.g. <c>4.22.0</c>.</param>
/// <param name="Engine">The engine it drives with its version, e.g. <c>libtorch 1.13.0a0</c>; null when it did not say.</param>
/// <param name="RunsTrainingStep">True when it answers <c>step</c>, the identity probe of PyTorch-family bindings.</param>
/// <param name="Unknown">Names it declared that this product does not know (a model, layer kind, format or mode); they are left out.</param>
public sealed record WorkerDeclaration(
    string Protocol,
    string Binding,
    string Framework,
    string Language,
    bool IsDefault,
    string Version,
    BindingEngine? Engine,
    IReadOnlyList<string> Devices,
    IReadOnlyDictionary<string, string> AbsentDevices,
    OracleCapabilities Capabilities,
    bool RunsTrainingStep,
    IReadOnlyList<string> Unknown)
{
    /// <summary>Reads a hello result.</summary>
    /// <exception cref="OracleException">One line: a required field is missing, a field has the wrong type, or the protocol's
    /// major version differs from this host's.</exception>
    public static WorkerDeclaration Read(JsonObject hello)
    {
        var fields = new HelloFields(hello);
        var protocol = fields.String("protocol");
        if (ProtocolVersion.WhyIncompatible(protocol) is { } incompatible) throw new OracleException(incompatible);
        var unknown = new List<string>();
        var kinds = fields.Strings("layer_kinds");
        unknown.AddRange(kinds.Where(k => !LayerKind.All.Contains(k)).Select(k => $"layer kind '{k}'"));
        var named = fields.Strings("models");
        unknown.AddRange(named.Where(m => !ModelZoo.Names.Contains(m)).Select(m => $"model '{m}'"));
        // A model counts when the worker names it, or when it builds every kind of layer the model has.
        var models = ModelZoo.Names.Where(m => named.Contains(m) || ModelZoo.Get(m).Layers.All(l => kinds.Contains(l.Kind))).ToArray();
        var formats = Enum.GetValues<ModelFormat>().ToDictionary(f => f.WireName());
        ModelFormat[] Formats(string key)
        {
            var names = fields.Strings(key);
            unknown.AddRange(names.Where(n => !formats.ContainsKey(n)).Select(n => $"{key[..^1]} '{n}'"));
            return names.Where(formats.ContainsKey).Select(n => formats[n]).Distinct().ToArray();
        }
        var modes = fields.Strings("execution_modes");
        unknown.AddRange(modes.Where(m => !ExecutionMode.All.Contains(m)).Select(m => $"execution mode '{m}'"));
        var devices = fields.Strings("devices", required: true);
        if (devices.Count == 0) throw new OracleException("hello: 'devices' lists no device");
        var capabilities = new OracleCapabilities(fields.Bool("can_train"), models, Formats("save_formats"), Formats("load_formats"))
        {
            ActivationFormats = Formats("activation_formats"),
            AlternateBackends = fields.Strings("alternate_backends"),
            ExecutionModes = modes.Where(ExecutionMode.All.Contains).Distinct().ToArray(),
            SlowTraining = fields.Bool("slow_training"),
            LayerKinds = kinds.Where(LayerKind.All.Contains).Distinct().ToArray(),
            AbsentLayerKinds = fields.Reasons("absent_layer_kinds", "layer kinds"),
        };
        var engine = fields.OptionalString("engine");
        var engineVersion = fields.OptionalString("engine_version");
        return new WorkerDeclaration(protocol, fields.String("binding"), fields.String("framework"), fields.String("language"),
            fields.Bool("default"), fields.String("version"), engine is null ? null : new BindingEngine(engine, engineVersion),
            devices, fields.Reasons("absent_devices", "device names"), capabilities, fields.Bool("training_step"), unknown);
    }

    /// <summary>
    /// Why the host does not ask this worker <c>step</c>, the identity probe: its hello does not declare <c>training_step</c>,
    /// or it speaks a 1.0 protocol whose step takes one batch. Null when it runs the probe.
    /// </summary>
    public string? WhyNoTrainingStep =>
        !RunsTrainingStep ? "its hello does not declare training_step"
        : ProtocolVersion.MinorOf(Protocol) < ProtocolVersion.MultiStepMinor
            ? $"it speaks worker protocol {Protocol}, whose step takes one batch; the identity probe's several steps and gradients need " +
              $"{ProtocolVersion.Major}.{ProtocolVersion.MultiStepMinor} (src/Oracles/Workers/PROTOCOL.md, \"Version\")"
        : null;

    /// <summary>
    /// Why this worker is not the binding <paramref name="manifest"/> describes (another framework or language, or a default
    /// binding where the manifest says it is not), or null when it is.
    /// </summary>
    public string? WhyNot(BindingDescriptor manifest) =>
        Framework != manifest.Framework ? $"its hello says framework '{Framework}' and its manifest '{manifest.Framework}'"
        : Language != manifest.Language ? $"its hello says language '{Language}' and its manifest '{manifest.Language}'"
        : IsDefault != manifest.IsDefault ? $"its hello says default {(IsDefault ? "true" : "false")} and its manifest {(manifest.IsDefault ? "true" : "false")}"
        : null;

    /// <summary>The binding available with this declaration's release, engine and devices.</summary>
    public BindingAvailability Availability(BindingDescriptor binding) =>
        BindingAvailability.Present(binding, Version, Devices, AbsentDevices) with { Engine = Engine };

    /// <summary>Reads hello's fields, refusing a missing required one or a wrong type with one line.</summary>
    private sealed class HelloFields(JsonObject hello)
    {
        public string String(string key) =>
            OptionalString(key) ?? throw new OracleException($"hello: '{key}' is missing; PROTOCOL.md lists what hello declares");

        public string? OptionalString(string key) =>
            hello[key] switch
            {
                null => null,
                JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text => text,
                var other => throw Wrong(key, "a non-empty string", other),
            };

        public bool Bool(string key) =>
            hello[key] switch
            {
                null => false,
                JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                var other => throw Wrong(key, "true or false", other),
            };

        public IReadOnlyList<string> Strings(string key, bool required = false) =>
            hello[key] switch
            {
                null when required => throw new OracleException($"hello: '{key}' is missing; PROTOCOL.md lists what hello declares"),
                null => [],
                JsonArray items when items.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
                    items.Select(i => i!.GetValue<string>()).ToArray(),
                var other => throw Wrong(key, "a list of strings", other),
            };

        /// <summary>An object of names to why each is missing, in the binding's words (<c>absent_devices</c>, <c>absent_layer_kinds</c>).</summary>
        public IReadOnlyDictionary<string, string> Reasons(string key, string names) =>
            hello[key] switch
            {
                null => new Dictionary<string, string>(),
                JsonObject reasons when reasons.All(r => r.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
                    reasons.ToDictionary(r => r.Key, r => r.Value!.GetValue<string>()),
                var other => throw Wrong(key, $"an object of {names} to reasons", other),
            };

        private static OracleException Wrong(string key, string expected, JsonNode? got)
        {
            var json = got?.ToJsonString() ?? "null";
            return new OracleException($"hello: '{key}' must be {expected}, got {(json.Length <= 60 ? json : json[..60] + "…")}");
        }
    }
}
