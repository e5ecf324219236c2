using System.Text.RegularExpressions;

namespace BindingConformance.Oracles;

/// <summary>
/// Binding ids and model names become folder and file names (snapshots, saved models), so they are checked
/// where they enter: letters, digits, '.', '_' and '-', starting with a letter or digit. A name like
/// <c>x/../../..</c> would otherwise write outside the folder meant for it.
/// </summary>
public static partial class PathSafeName
{
    /// <summary>Returns <paramref name="name"/>, or throws an <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    /// <param name="what">What the name names, for the message, e.g. <c>binding id</c>.</param>
    public static string Check(string name, string what) =>
        Pattern().IsMatch(name)
            ? name
            : throw new ArgumentException(
                $"{what} '{name}' is not allowed: it becomes a file name, so use only letters, digits, '.', '_' and '-', starting with a letter or digit");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex Pattern();
}
