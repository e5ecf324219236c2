using System.Text.RegularExpressions;

namespace BindingConformance.Oracles;

/// <summary>
/// Binding ids and model names become folder and file names (snapshots, saved models), so they are checked
/// where they enter: letters, digits, '.', '_' and '-', starting with a letter or digit. A name like
/// <c>x/../../..</c> would otherwise write outside the folder meant for it. A binding id may add one release after
/// '@' (<c>mybinding@2.1.0</c>, a released version run beside the binding's own): '@' is a plain character in file names,
/// test names, traits and shell words, so the id is used as it is (a repro bundle's folder name writes it as '_').
/// </summary>
public static partial class PathSafeName
{
    /// <summary>Returns <paramref name="name"/>, or throws an <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    /// <param name="what">What the name names, for the message, e.g. <c>model name</c>.</param>
    public static string Check(string name, string what) =>
        Pattern().IsMatch(name)
            ? name
            : throw new ArgumentException(
                $"{what} '{name}' is not allowed: it becomes a file name, so use only letters, digits, '.', '_' and '-', starting with a letter or digit");

    /// <summary>
    /// Returns <paramref name="id"/>, a binding id with at most one release (<c>mybinding</c>, <c>mybinding@2.1.0</c>), or throws an
    /// <see cref="ArgumentException"/> saying what is wrong with it.
    /// </summary>
    public static string CheckBindingId(string id) =>
        BindingIdPattern().IsMatch(id)
            ? id
            : throw new ArgumentException(
                $"binding id '{id}' is not allowed: it becomes a file name, so use only letters, digits, '.', '_' and '-', starting with a letter or digit, " +
                "and at most one '@' before a release version (mybinding@2.1.0)");

    /// <summary>True when <paramref name="name"/> passes <see cref="Check"/>.</summary>
    public static bool IsSafe(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9._-]*)?\z")]
    private static partial Regex BindingIdPattern();
}
