using System.Collections.Concurrent;
using System.Reflection;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Sdk;

/// <summary>
/// Finds the registry a theory names, adds the bindings of the suite assembly's <see cref="BindingManifestAttribute"/>s and the
/// released versions its theories name, and keeps one instance per registry type and suite assembly per process, so that each
/// binding is probed once per run however many cells ask.
/// </summary>
internal static class RegistryResolver
{
    private const string DefaultRegistryName = "BindingConformance.Oracles.DefaultOracleRegistry, BindingConformance.Oracles";

    private static readonly ConcurrentDictionary<(Type Registry, Assembly Suite), Lazy<OracleRegistry>> registries = new();

    // xunit v2 has no hook at the end of a run for a test case to use; oracles own worker processes,
    // so they are disposed when the test host exits.
    static RegistryResolver() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();

    public static OracleRegistry Resolve(MethodInfo method)
    {
        var type = RegistryType(method);
        if (!typeof(OracleRegistry).IsAssignableFrom(type))
            throw new ConformanceConfigurationException($"{type.FullName} named by [ConformanceRegistry] does not derive from {nameof(OracleRegistry)}");
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new ConformanceConfigurationException($"{type.FullName} named by [ConformanceRegistry] has no public parameterless constructor");
        var lazy = registries.GetOrAdd((type, method.Module.Assembly), key => new Lazy<OracleRegistry>(() => Create(key.Registry, key.Suite)));
        return lazy.Value;
    }

    private static void DisposeAll()
    {
        foreach (var oracle in registries.Values.Where(r => r.IsValueCreated).SelectMany(r => r.Value.Oracles))
        {
            try
            {
                oracle.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException e)
            {
                // Nothing can fail a test any more; say so where the test host's output goes.
                Console.Error.WriteLine($"disposing the {oracle.Binding.Id} oracle failed: {e.InnerException?.Message}");
            }
        }
    }

    private static Type RegistryType(MethodInfo method)
    {
        var named = method.GetCustomAttribute<ConformanceRegistryAttribute>()
            ?? method.DeclaringType?.GetCustomAttribute<ConformanceRegistryAttribute>()
            ?? method.DeclaringType?.Assembly.GetCustomAttribute<ConformanceRegistryAttribute>();
        return named?.RegistryType
            ?? Type.GetType(DefaultRegistryName, throwOnError: false)
            ?? throw new ConformanceConfigurationException(
                $"no oracle registry: {DefaultRegistryName} was not found; name one with [assembly: ConformanceRegistry(typeof(MyRegistry))]");
    }

    private static OracleRegistry Create(Type type, Assembly suite)
    {
        OracleRegistry registry;
        try
        {
            registry = (OracleRegistry)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ConformanceConfigurationException($"{type.FullName} could not be created: {e.InnerException.Message}");
        }
        var folder = Path.GetDirectoryName(suite.Location) ?? AppContext.BaseDirectory;
        try
        {
            var manifests = suite.GetCustomAttributes<BindingManifestAttribute>().Select(a => BindingManifestReader.Read(Path.Combine(folder, a.Path))).ToArray();
            registry = manifests.Length == 0 ? registry : registry.Including(manifests.SelectMany(WorkerOracle.Of));
        }
        catch (Exception e) when (e is BindingManifestException or ArgumentException)
        {
            throw new ConformanceConfigurationException($"[assembly: BindingManifest] {e.Message}");
        }
        return registry.WithReleases(NamedReleases(suite, registry));
    }

    /// <summary>
    /// The released versions the suite's theories name (<c>[Bindings("mybinding@2.1.0")]</c>) that this registry can add: each joins
    /// it as a binding of its own. One the registry cannot add stays unknown, so only the theory naming it fails.
    /// </summary>
    private static string[] NamedReleases(Assembly suite, OracleRegistry registry)
    {
        Type[] types;
        try
        {
            types = suite.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.OfType<Type>().ToArray();
        }
        return types
            .SelectMany(t => t.GetMethods().Select(m => m.GetCustomAttribute<BindingsAttribute>()).Append(t.GetCustomAttribute<BindingsAttribute>()))
            .OfType<BindingsAttribute>().SelectMany(a => a.Ids)
            .Where(id => id.Contains('@', StringComparison.Ordinal)).Distinct()
            .Where(id => Addable(registry, id)).ToArray();
    }

    private static bool Addable(OracleRegistry registry, string releaseId)
    {
        try
        {
            registry.WithReleases([releaseId]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
