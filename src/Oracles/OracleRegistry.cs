using System.Collections.Concurrent;

namespace BindingConformance.Oracles;

/// <summary>
/// The bindings a run knows about and their probed availability. Probing is real and can be slow
/// (starting an interpreter), so each binding is probed once per registry.
/// </summary>
public class OracleRegistry
{
    private readonly ConcurrentDictionary<string, Lazy<BindingAvailability>> probes = new();

    public OracleRegistry(IEnumerable<IBindingOracle> oracles)
    {
        Oracles = oracles.ToArray();
        var duplicate = Oracles.GroupBy(o => o.Binding.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"binding '{duplicate.Key}' is registered twice");
    }

    public IReadOnlyList<IBindingOracle> Oracles { get; }

    public IBindingOracle Get(string bindingId) =>
        Oracles.FirstOrDefault(o => o.Binding.Id == bindingId)
        ?? throw new ArgumentException(
            $"unknown binding '{bindingId}'; known: {string.Join(", ", Oracles.Select(o => o.Binding.Id))}");

    public BindingAvailability Availability(string bindingId) =>
        probes.GetOrAdd(bindingId, id => new Lazy<BindingAvailability>(() => Get(id).Probe())).Value;

    /// <summary>This registry's bindings followed by <paramref name="more"/>; an id registered twice is an <see cref="ArgumentException"/>.</summary>
    public OracleRegistry Including(IEnumerable<IBindingOracle> more) => new(Oracles.Concat(more));

    /// <summary>
    /// The bindings named by <paramref name="bindingIds"/>, in this registry's order, released versions included
    /// (<see cref="WithReleases"/>); an unknown id is an <see cref="ArgumentException"/>.
    /// </summary>
    public OracleRegistry Select(IReadOnlyList<string> bindingIds) =>
        new(WithReleases(bindingIds).Oracles.Where(o => bindingIds.Contains(o.Binding.Id)));

    /// <summary>
    /// This registry with every released version among <paramref name="bindingIds"/> that is not registered
    /// (<c>mybinding@2.1.0</c>) added after its binding, when that binding runs releases side by side (<see cref="IReleasedBinding"/>).
    /// Any other unknown id is an <see cref="ArgumentException"/>.
    /// </summary>
    public OracleRegistry WithReleases(IReadOnlyList<string> bindingIds)
    {
        var releases = bindingIds.Distinct().Where(id => Oracles.All(o => o.Binding.Id != id)).Select(Release).ToArray();
        return releases.Length == 0 ? this
            : new OracleRegistry(Oracles.SelectMany(o => releases.Where(r => r.Base == o).Select(r => r.Oracle).Prepend(o)));
    }

    private (IBindingOracle Base, IBindingOracle Oracle) Release(string bindingId)
    {
        var at = bindingId.IndexOf('@', StringComparison.Ordinal);
        // An id without a release is registered or unknown; Get says which.
        var binding = Get(at < 0 ? bindingId : bindingId[..at]);
        return binding is IReleasedBinding released && at > 0
            ? (binding, released.Release(bindingId[(at + 1)..]))
            : throw new ArgumentException($"binding '{binding.Binding.Id}' cannot run other releases side by side ({bindingId}): only a binding described by a manifest with a 'releases' section can");
    }
}
