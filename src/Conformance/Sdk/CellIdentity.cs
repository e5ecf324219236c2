using BindingConformance.Oracles;

namespace BindingConformance.Sdk;

/// <summary>Which suite, class and method a cell belongs to, and the project that runs it.</summary>
internal sealed record CellIdentity(string Suite, string FullClassName, string MethodName, string ProjectPath)
{
    public string ClassName => FullClassName[(FullClassName.LastIndexOf('.') + 1)..];

    public static CellIdentity Of(Type testClass, string methodName)
    {
        var assembly = testClass.Assembly;
        var suite = assembly.GetName().Name ?? throw new ConformanceConfigurationException($"assembly of {testClass} has no name");
        return new CellIdentity(suite, testClass.FullName ?? testClass.Name, methodName, FindProject(assembly.Location, suite));
    }

    /// <summary>
    /// The suite's project folder relative to the checkout: above the assembly when it runs from its own
    /// build output, else <c>{Root}/*/{suite}/</c> (a suite referenced by another project), else the suite name.
    /// </summary>
    private static string FindProject(string assemblyLocation, string suite)
    {
        var projectFile = suite + ".csproj";
        var dir = assemblyLocation.Length == 0 ? null : new FileInfo(assemblyLocation).Directory;
        for (; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, projectFile))) return Relative(dir.FullName);
        var sibling = Directory.EnumerateDirectories(ProductPaths.Root)
            .Select(area => Path.Combine(area, suite))
            .FirstOrDefault(candidate => File.Exists(Path.Combine(candidate, projectFile)));
        return sibling is null ? suite : Relative(sibling);
    }

    private static string Relative(string folder) => Path.GetRelativePath(ProductPaths.Root, folder).Replace('\\', '/');
}
