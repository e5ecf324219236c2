using System.Reflection;

namespace BindingConformance.Cells;

/// <summary>
/// Every kind of cell the product has: the sealed <see cref="CellKind"/> subclasses of this assembly, each by its
/// static <c>Instance</c>, in run order (model kinds, then probe kinds, each by <see cref="CellKind.Order"/>).
/// </summary>
public static class CellKinds
{
    private static readonly Lazy<IReadOnlyList<CellKind>> all = new(Discover);

    public static IReadOnlyList<CellKind> All => all.Value;

    /// <summary>The kinds whose cells run on <paramref name="subject"/>, in run order.</summary>
    public static IReadOnlyList<CellKind> Of(SubjectAxis subject) => All.Where(k => k.Subject == subject).ToArray();

    /// <summary>The kind named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No kind has that name; the message lists those that exist.</exception>
    public static CellKind Get(string name) =>
        All.FirstOrDefault(k => k.Name == name)
        ?? throw new ArgumentException($"unknown cell kind '{name}'; known: {string.Join(", ", All.Select(k => k.Name))}");

    private static IReadOnlyList<CellKind> Discover()
    {
        var kinds = typeof(CellKind).Assembly.GetTypes()
            .Where(t => t.IsSealed && typeof(CellKind).IsAssignableFrom(t))
            .Select(t => t.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as CellKind
                         ?? throw new InvalidOperationException($"cell kind {t.Name} has no public static Instance"))
            .OrderBy(k => k.Subject).ThenBy(k => k.Order).ToArray();
        var duplicate = kinds.GroupBy(k => k.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? kinds : throw new InvalidOperationException($"two cell kinds are named '{duplicate.Key}'");
    }
}
