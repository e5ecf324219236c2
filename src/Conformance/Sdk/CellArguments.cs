using System.Reflection;

namespace BindingConformance.Sdk;

/// <summary>Binds a cell to the theory's parameters: strings by axis name, or a <see cref="ConformanceCell"/>.</summary>
internal static class CellArguments
{
    private static readonly string[] axisNames = ["model", "binding", "device", "mode", "reference", "framework", "format"];

    /// <summary>Throws naming every parameter the cell cannot fill.</summary>
    public static void Validate(MethodInfo method)
    {
        var unbindable = method.GetParameters().Where(p => !CanBind(p)).Select(p => $"'{p.ParameterType.Name} {p.Name}'").ToArray();
        if (unbindable.Length > 0)
            throw new ConformanceConfigurationException(
                $"cannot fill parameter{(unbindable.Length > 1 ? "s" : "")} {string.Join(", ", unbindable)}; " +
                $"a conformance theory takes strings named {string.Join(", ", axisNames)} or one {nameof(ConformanceCell)}");
    }

    public static object[] Bind(MethodInfo method, ConformanceCell cell) =>
        [.. method.GetParameters().Select(p => p.ParameterType == typeof(ConformanceCell) ? cell : (object)(p.Name switch
        {
            "model" => cell.Model,
            "binding" => cell.Binding,
            "device" => cell.Device,
            "mode" => cell.Mode,
            "reference" => cell.Reference,
            "framework" => cell.Framework,
            "format" => cell.Format,
            _ => throw new ConformanceConfigurationException($"cannot fill parameter '{p.Name}'"),
        }))];

    private static bool CanBind(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(ConformanceCell)
        || (parameter.ParameterType == typeof(string) && axisNames.Contains(parameter.Name));
}
