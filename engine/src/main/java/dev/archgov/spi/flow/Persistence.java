package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Database access as every pack knows it, by name so it holds without the target's jars: Spring Data repositories,
 * MyBatis mappers ({@code @Mapper}, MyBatis-Plus {@code BaseMapper}, mapper XML), {@code JdbcTemplate} and JPA's
 * {@code EntityManager}.
 */
public final class Persistence {
    /** Spring Data repository types and MyBatis-Plus's base mapper: a type assignable to one of them is data access. */
    public static final List<String> REPOSITORY_TYPES = List.of("org.springframework.data.repository.Repository",
            "org.springframework.data.repository.CrudRepository", "org.springframework.data.repository.ListCrudRepository",
            "org.springframework.data.repository.PagingAndSortingRepository", "org.springframework.data.jpa.repository.JpaRepository",
            "org.springframework.data.mongodb.repository.MongoRepository", "org.springframework.data.repository.reactive.ReactiveCrudRepository",
            "com.baomidou.mybatisplus.core.mapper.BaseMapper");
    /** MyBatis's mapper annotation. */
    public static final String MYBATIS_MAPPER = "org.apache.ibatis.annotations.Mapper";
    /**
     * The writing methods of MyBatis-Plus's {@code IService}: a service's own methods ({@code saveFootprint}) are the
     * application's code, judged by what they do, not by their prefix.
     */
    public static final Set<String> MYBATIS_PLUS_SERVICE_WRITES = Set.of("save", "saveBatch", "saveOrUpdate", "saveOrUpdateBatch",
            "update", "updateById", "updateBatchById", "remove", "removeById", "removeByIds", "removeByMap", "removeBatchByIds");
    /** The querying methods of MyBatis-Plus's {@code IService}. */
    public static final Set<String> MYBATIS_PLUS_SERVICE_QUERIES = Set.of("getById", "getOne", "getOneOpt", "getOptById", "getMap",
            "getObj", "list", "listByIds", "listByMap", "listMaps", "listObjs", "page", "pageMaps", "count", "exists", "lambdaQuery",
            "query", "ktQuery");
    /** The names MyBatis mapper interfaces go by. */
    private static final Pattern MAPPER_NAMES = Pattern.compile("(Mapper|Dao|DAO)$");
    /** Spring's JDBC templates (internal names). */
    public static final Set<String> JDBC_TEMPLATES = Set.of("org/springframework/jdbc/core/JdbcTemplate",
            "org/springframework/jdbc/core/JdbcOperations", "org/springframework/jdbc/core/namedparam/NamedParameterJdbcTemplate",
            "org/springframework/jdbc/core/namedparam/NamedParameterJdbcOperations");
    /** JPA's entity manager, Jakarta and javax (internal names). */
    public static final Set<String> ENTITY_MANAGERS = Set.of("jakarta/persistence/EntityManager", "javax/persistence/EntityManager");

    private Persistence() {
    }

    /**
     * Whether a type is a repository or a mapper: a Spring Data repository, a MyBatis-Plus {@code BaseMapper}, an
     * {@code @Mapper}, or an interface named {@code …Mapper}/{@code …Dao} that a mapper XML beside it names as its
     * namespace (mappers registered by {@code @MapperScan} carry no annotation).
     */
    public static boolean isRepository(RunIndex index, JavaClass type) {
        return Supertypes.isAny(index, type, REPOSITORY_TYPES) || type.isAnnotatedWith(MYBATIS_MAPPER)
                || type.isInterface() && MAPPER_NAMES.matcher(type.getSimpleName()).find() && MapperSql.declaresMapper(index, type, type);
    }


    /** The repositories and mappers whose methods {@code javaClass} calls (internal names). */
    public static Set<String> repositoriesCalledBy(RunIndex index, JavaClass javaClass) {
        Set<String> result = new HashSet<>();
        for (JavaClass owner : Calls.of(index, javaClass).owners()) {
            if (isRepository(index, owner)) {
                result.add(owner.getName().replace('.', '/'));
            }
        }
        return result;
    }
}
