package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * Makes a service handed out by a catalog refuse every call once that catalog is closed: one rule for
 * {@link dev.imagecatalog.image.ImageService}, {@link dev.imagecatalog.metadef.MetadefService} and whatever
 * service interface comes next, so no method can be forgotten. The refusal is a
 * {@link BackendUnavailableException} saying the catalog is closed; {@code equals}, {@code hashCode} and
 * {@code toString} still answer.
 */
final class ClosedCatalogGuard {
    static final String MESSAGE = "the image catalog is closed: build a new ImageCatalog to go on";

    private ClosedCatalogGuard() {
    }

    /** The error every call on a closed catalog gets. */
    static BackendUnavailableException closedError() {
        return new BackendUnavailableException(MESSAGE);
    }

    /** {@code delegate} behind {@code type}, refusing each call made while {@code closed} is true. */
    static <T> T guard(Class<T> type, T delegate, BooleanSupplier closed) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, delegate, method, args);
            }
            if (closed.getAsBoolean()) {
                throw closedError();
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object objectMethod(Object proxy, Object delegate, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "guarded " + delegate;
        }
    }
}
