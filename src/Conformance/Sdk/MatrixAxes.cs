using System.Reflection;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Sdk;

/// <summary>The axes a theory declares (on the method, else on its class) and their expansion into cells.</summary>
internal sealed record MatrixAxes(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Bindings,
    IReadOnlyList<string> Devices,
    IReadOnlyList<string> Modes,
    bool HasModeAxis,
    IReadOnlyList<string> Formats,
    string? Reference)
{
    public static MatrixAxes Read(MethodInfo method)
    {
        T? Find<T>() where T : Attribute => method.GetCustomAttribute<T>() ?? method.DeclaringType?.GetCustomAttribute<T>();
        var modes = Find<ModesAttribute>();
        var formats = Find<FormatsAttribute>();
        return new MatrixAxes(
            Find<ModelsAttribute>()?.Names ?? [],
            Find<BindingsAttribute>()?.Ids ?? [],
            Find<DevicesAttribute>()?.Names ?? [Device.Cpu],
            modes?.Names ?? [ExecutionMode.Eager],
            modes is not null,
            formats?.Names ?? [],
            Find<ReferenceBindingAttribute>()?.Id);
    }

    /// <summary>
    /// Every cell in a fixed order (model, binding, device, mode, format), or one exception naming every unknown
    /// or missing name: a misspelt axis must fail visibly, not shrink the matrix.
    /// </summary>
    public IReadOnlyList<CellCoordinates> Expand(OracleRegistry registry)
    {
        var problems = new List<string>();
        var bindingIds = registry.Oracles.Select(o => o.Binding.Id).ToArray();
        // Hazard probes are models of the matrix wherever a binding runs probes.
        var probes = registry.Oracles.Any(o => o.Capabilities.ExecutionModes.Count > 0) ? HazardProbes.Names : [];
        var modelNames = registry.Oracles.SelectMany(o => o.Capabilities.Models).Concat(probes).Distinct().ToArray();
        CheckAxis("Models", Models, modelNames, problems);
        CheckAxis("Bindings", Bindings, bindingIds, problems);
        CheckAxis("Devices", Devices, Device.All, problems);
        CheckAxis("Modes", Modes, ExecutionMode.All, problems);
        if (Formats.Count > 0) CheckAxis("Formats", Formats, Enum.GetValues<ModelFormat>().Select(f => f.WireName()).ToArray(), problems);
        if (Reference is not null && !bindingIds.Contains(Reference))
            problems.Add($"unknown reference binding '{Reference}'; known: {string.Join(", ", bindingIds)}");

        var references = new Dictionary<string, string>();
        foreach (var binding in Bindings.Where(bindingIds.Contains))
        {
            var reference = Reference ?? DefaultReference(registry, registry.Get(binding).Binding.Framework);
            if (reference is null)
                problems.Add($"binding '{binding}': its framework has no default binding to compare with; add [ReferenceBinding(\"...\")]");
            else references[binding] = reference;
        }
        if (problems.Count > 0) throw new ConformanceConfigurationException(string.Join("; ", problems));

        return [.. from model in Models
                   from binding in Bindings
                   from device in Devices
                   from mode in Modes
                   from format in Formats.Count > 0 ? Formats : [""]
                   select new CellCoordinates(model, binding, device, mode, HasModeAxis, references[binding], registry.Get(binding).Binding.Framework)
                   {
                       Format = format,
                   }];
    }

    private static string? DefaultReference(OracleRegistry registry, string framework) =>
        registry.Oracles.FirstOrDefault(o => o.Binding.IsDefault && o.Binding.Framework == framework)?.Binding.Id;

    private static void CheckAxis(string axis, IReadOnlyList<string> values, IReadOnlyList<string> known, List<string> problems)
    {
        if (values.Count == 0) problems.Add($"[{axis}] names nothing; declare it on the method or its class");
        foreach (var duplicate in values.GroupBy(v => v).Where(g => g.Count() > 1))
            problems.Add($"[{axis}] names '{duplicate.Key}' twice");
        foreach (var unknown in values.Where(v => !known.Contains(v)))
            problems.Add($"[{axis}] unknown '{unknown}'; known: {string.Join(", ", known)}");
    }
}
