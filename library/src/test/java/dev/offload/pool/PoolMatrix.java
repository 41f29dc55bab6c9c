package dev.offload.pool;

import dev.offload.MatrixCases;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A test run once per pool kind ({@link PoolKind}; all of them unless {@link #kinds()} narrows it), the pool
 * counterpart of {@code dev.offload.BackendMatrix}. The test's first parameter is the cell's {@link PoolContext}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "[{index}] {arguments}")
@ArgumentsSource(PoolMatrix.Provider.class)
@interface PoolMatrix {
    /** The kinds; empty means every one. */
    PoolKind[] kinds() default {};

    /** A method of the test class listing the test's own cases, as in {@code BackendMatrix}; empty for none. */
    String cases() default "";

    /** The cells: kinds, times the test's own cases. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<PoolMatrix> {
        private PoolMatrix matrix;

        @Override
        public void accept(PoolMatrix annotation) {
            matrix = annotation;
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                                                            ExtensionContext context) {
            ExtensionContext classContext = context.getParent().orElseThrow();
            PoolKind[] kinds = matrix.kinds().length == 0 ? PoolKind.values() : matrix.kinds();
            return MatrixCases.product(context, matrix.cases(),
                    Arrays.stream(kinds).map(k -> new PoolContext(k, classContext)).toList());
        }
    }
}
