package dev.imagecatalog.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;

/**
 * Adds {@code Content-MD5} to DeleteObjects requests. SDK 2.30+ sends x-amz-checksum-* instead, which servers
 * such as Swift's s3api do not accept for that operation ("Missing required header ... Content-MD5"). Runs before
 * signing; the body of DeleteObjects is a small XML document held in memory.
 */
final class ContentMd5Interceptor implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest http = context.httpRequest();
        if (!(context.request() instanceof DeleteObjectsRequest) || context.requestBody().isEmpty()
                || http.firstMatchingHeader("Content-MD5").isPresent()) {
            return http;
        }
        RequestBody body = context.requestBody().get();
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return http.toBuilder().putHeader("Content-MD5", md5Base64(in.readAllBytes(), 0, -1)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base64 of the MD5 of {@code b[off, off+len)}; len -1 means to the end. */
    static String md5Base64(byte[] b, int off, int len) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(b, off, len < 0 ? b.length - off : len);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
