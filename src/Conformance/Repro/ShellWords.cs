using System.Text.RegularExpressions;

namespace BindingConformance.Repro;

/// <summary>Command lines shown to people (ISSUE.md): every word that is not plainly safe is single-quoted, so a pasted line runs only what it says.</summary>
public static partial class ShellWords
{
    public static string Join(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));

    public static string Quote(string word) => Plain().IsMatch(word) ? word : $"'{word.Replace("'", "'\\''")}'";

    [GeneratedRegex("^[A-Za-z0-9._,/=:@%+-]+$")]
    private static partial Regex Plain();
}
