namespace BindingConformance.Tests.Replication;

/// <summary>
/// The published study's results folder, kept outside the repository: shared/reference/cmpmlbindings/data beside
/// the checkout (the folder holding BindingConformance.sln), or beside a folder above it when the checkout is a
/// nested worktree. Missing data fails loudly instead of passing silently.
/// </summary>
internal static class StudyReferenceData
{
    private static readonly string[] RelativePath = ["shared", "reference", "cmpmlbindings", "data"];

    public static string Folder
    {
        get
        {
            var checkout = new DirectoryInfo(AppContext.BaseDirectory);
            while (checkout is not null && !File.Exists(Path.Combine(checkout.FullName, "BindingConformance.sln")))
                checkout = checkout.Parent;
            if (checkout is null)
                throw new InvalidOperationException($"no BindingConformance.sln above {AppContext.BaseDirectory}; cannot locate the study's reference data");
            for (var above = checkout.Parent; above is not null; above = above.Parent)
            {
                var data = Path.Combine([above.FullName, .. RelativePath]);
                if (Directory.Exists(data)) return data;
            }
            throw new InvalidOperationException(
                $"the study's reference data is missing: expected {Path.Combine([checkout.Parent?.FullName ?? "", .. RelativePath])} beside the checkout {checkout.FullName}");
        }
    }
}
