using System.Reflection;
using BindingConformance.Fixtures;
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
    IReadOnlyList<string> Backends,
    string? Reference,
    string? FixtureDirectory)
{
    public static MatrixAxes Read(MethodInfo method)
    {
        T? Find<T>() where T : Attribute => method.GetCustomAttribute<T>() ?? method.DeclaringType?.GetCustomAttribute<T>();
        var modes = Find<ModesAttribute>();
        var formats = Find<FormatsAttribute>();
        var backends = Find<BackendsAttribute>();
        return new MatrixAxes(
            Find<ModelsAttribute>()?.Names ?? [],
            Find<BindingsAttribute>()?.Ids ?? [],
            Find<DevicesAttribute>()?.Names ?? [Device.Cpu],
            modes?.Names ?? [ExecutionMode.Eager],
            modes is not null,
            formats?.Names ?? [],
            backends?.Names ?? [],
            Find<ReferenceBindingAttribute>()?.Id,
            Find<FixturesAttribute>()?.Directory);
    }

    /// <summary>
    /// Every cell in a fixed order (model, binding, device, mode, format, backend), or one exception naming every unknown
    /// or missing name: a misspelt axis must fail visibly, not shrink the matrix. The reference is the declared one, or
    /// empty: the cell's kind decides at run time (<c>CellReferences</c>), as <c>conformance run</c> does.
    /// </summary>
    /// <param name="kind">The theory's declared cell kind, or empty.</param>
    public IReadOnlyList<CellCoordinates> Expand(OracleRegistry registry, string kind)
    {
        if (FixtureDirectory is not null) return ExpandFixtures(registry);
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
        if (Backends.Count > 0) CheckAxis("Backends", Backends, registry.Oracles.SelectMany(o => o.Capabilities.AlternateBackends).Distinct().ToArray(), problems);
        if (Reference is not null && !bindingIds.Contains(Reference))
            problems.Add($"unknown reference binding '{Reference}'; known: {string.Join(", ", bindingIds)}");
        if (problems.Count > 0) throw new ConformanceConfigurationException(string.Join("; ", problems));

        return [.. from model in Models
                   from binding in Bindings
                   from device in Devices
                   from mode in Modes
                   from format in Formats.Count > 0 ? Formats : [""]
                   from backend in Backends.Count > 0 ? Backends : [""]
                   select new CellCoordinates(model, binding, device, mode, HasModeAxis, Reference ?? "", registry.Get(binding).Binding.Framework)
                   {
                       Format = format,
                       Backend = backend,
                       Kind = kind,
                   }];
    }

    /// <summary>
    /// Every fixture of the manifest (in manifest order) × each binding that loads its format × device. The loader is
    /// its own reference: the writer's numbers are committed, so the writer need not be installed. An unreadable
    /// manifest throws <see cref="InvalidDataException"/>.
    /// </summary>
    private IReadOnlyList<CellCoordinates> ExpandFixtures(OracleRegistry registry)
    {
        var problems = new List<string>();
        var bindingIds = registry.Oracles.Select(o => o.Binding.Id).ToArray();
        var bindings = Bindings.Count > 0 ? Bindings : bindingIds;
        if (Models.Count > 0 || HasModeAxis || Formats.Count > 0 || Backends.Count > 0 || Reference is not null)
            problems.Add("[Fixtures] takes no [Models], [Modes], [Formats], [Backends] or [ReferenceBinding]: each fixture names its model, format and writer");
        CheckAxis("Bindings", bindings, bindingIds, problems);
        CheckAxis("Devices", Devices, Device.All, problems);
        if (problems.Count > 0) throw new ConformanceConfigurationException(string.Join("; ", problems));

        var manifest = FixtureManifest.Read(Path.Combine(ProductPaths.Root, FixtureDirectory!));
        if (manifest.Fixtures.Count == 0) throw new ConformanceConfigurationException($"{FixtureDirectory}/{FixtureManifest.FileName} lists no fixtures");
        return [.. from fixture in manifest.Fixtures
                   from binding in bindings
                   where registry.Get(binding).Capabilities.WhyCannotLoad(binding, FixtureManifest.ParseFormat(fixture.Format)!.Value) is null
                   from device in Devices
                   select new CellCoordinates(fixture.Model, binding, device, ExecutionMode.Eager, false, binding, registry.Get(binding).Binding.Framework)
                   {
                       Format = fixture.Format,
                       Fixture = fixture.Id,
                       Writer = fixture.Writer,
                   }];
    }

    private static void CheckAxis(string axis, IReadOnlyList<string> values, IReadOnlyList<string> known, List<string> problems)
    {
        if (values.Count == 0) problems.Add($"[{axis}] names nothing; declare it on the method or its class");
        foreach (var duplicate in values.GroupBy(v => v).Where(g => g.Count() > 1))
            problems.Add($"[{axis}] names '{duplicate.Key}' twice");
        foreach (var unknown in values.Where(v => !known.Contains(v)))
            problems.Add($"[{axis}] unknown '{unknown}'; known: {string.Join(", ", known)}");
    }
}
