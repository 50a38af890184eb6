using Microsoft.AspNetCore.Diagnostics;

namespace FeedRelay.Web.Operations;

/// <summary>The operations feature: <see cref="Routes.Health"/>, and <c>503</c> problems while a dependency is unavailable.</summary>
public static class OperationsFeature
{
    /// <summary>Registers what the health report reads, and the problem-details answer to a failing dependency.</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackgroundHealth>();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<DependencyFailureHandler>();
        builder.Services.AddSingleton<IExceptionHandler>(services => services.GetRequiredService<DependencyFailureHandler>());
        return builder;
    }

    /// <summary>Maps the health route.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/" + Routes.Health, Routes.Read, OperationsEndpoints.GetHealthAsync).WithName("Health");
        return routes;
    }
}
